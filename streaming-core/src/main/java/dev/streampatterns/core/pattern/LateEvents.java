package dev.streampatterns.core.pattern;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * How many input events an event-time aggregation dropped as too late, counted in events.
 *
 * <p>Spark's own figure, {@code numRowsDroppedByWatermark}, counts rows after partial aggregation:
 * the late events of one window and key in one partition of a batch are one row. This counts events
 * by conservation instead, exactly: every event that enters the aggregation is in a window that was
 * emitted, in a window still held in state, or was dropped. A pattern marks the events entering
 * ({@link #entering}) and the windows it emits with their event counts ({@link #emitted}); a
 * {@link Tally} adds up both per batch from Spark's observed metrics; the events held in state are
 * read from the checkpoint with Spark's state data source ({@link #held}). Over a run,
 *
 * <pre>dropped = entered − emitted − (held at the end − held at the start)</pre>
 *
 * <p>Works for an aggregation in append mode (each window emitted once, when it closes) whose state
 * holds one event count per window and key, as {@code groupBy(window, key).count()} does.
 */
public final class LateEvents {
    private static final String ENTERED = ".entered";
    private static final String EMITTED = ".emitted";
    private static final String EVENTS = "events";

    private LateEvents() {
    }

    /** {@code events}, counted as they enter the aggregation named {@code aggregation}. */
    public static Dataset<Row> entering(Dataset<Row> events, String aggregation) {
        return events.observe(aggregation + ENTERED, count(lit(1)).as(EVENTS));
    }

    /** The aggregation's windows, their events ({@code countColumn}) counted as they are emitted. */
    public static Dataset<Row> emitted(Dataset<Row> windows, String aggregation, String countColumn) {
        return windows.observe(aggregation + EMITTED, coalesce(sum(col(countColumn)), lit(0L)).as(EVENTS));
    }

    /**
     * Events held in the state of the first stateful operator of the query checkpointed at
     * {@code checkpoint}, as of its last committed batch: the sum of the state's {@code countField}.
     * 0 when the query has committed no batch yet.
     */
    public static long held(SparkSession spark, Path checkpoint, String countField) {
        if (!hasCommits(checkpoint) || !Files.isDirectory(checkpoint.resolve("state"))) {
            return 0;
        }
        Row total = spark.read().format("statestore").load(checkpoint.toString())
                .agg(coalesce(sum(col("value.`" + countField.replace("`", "``") + "`")), lit(0L))).first();
        return total.getLong(0);
    }

    private static boolean hasCommits(Path checkpoint) {
        Path commits = checkpoint.resolve("commits");
        if (!Files.isDirectory(commits)) {
            return false;
        }
        try (Stream<Path> files = Files.list(commits)) {
            return files.anyMatch(f -> f.getFileName().toString().matches("[0-9]+"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Adds up, per query, the events that entered and left each marked aggregation. A batch replayed
     * after a failure counts once: it replaces the figure of the same batch id.
     */
    public static final class Tally extends StreamingQueryListener {
        /** Per query name and observation name, the running total. */
        private final Map<String, BatchTotal> totals = new ConcurrentHashMap<>();
        private final Map<String, Long> lastBatch = new ConcurrentHashMap<>();

        /**
         * A running total that remembers only its last batch: Spark redoes only the last batch after a
         * failure, so a replay replaces that batch's figure, and memory stays constant under {@code --follow}.
         */
        private static final class BatchTotal {
            private long total;
            private long lastBatchId = -1;
            private long lastEvents;

            synchronized void add(long batchId, long events) {
                if (batchId == lastBatchId) {
                    total -= lastEvents;
                }
                total += events;
                lastBatchId = batchId;
                lastEvents = events;
            }

            synchronized long total() {
                return total;
            }
        }

        @Override
        public void onQueryStarted(QueryStartedEvent event) {
            // Nothing is observed before the first batch.
        }

        @Override
        public void onQueryProgress(QueryProgressEvent event) {
            StreamingQueryProgress progress = event.progress();
            progress.observedMetrics().forEach((observation, row) -> {
                if (observation.endsWith(ENTERED) || observation.endsWith(EMITTED)) {
                    totals.computeIfAbsent(progress.name() + "/" + observation, k -> new BatchTotal())
                            .add(progress.batchId(), row.getLong(row.fieldIndex(EVENTS)));
                }
            });
            lastBatch.merge(progress.name(), progress.batchId(), Math::max);
            synchronized (this) {
                notifyAll();
            }
        }

        @Override
        public void onQueryTerminated(QueryTerminatedEvent event) {
            // The figures stay readable after the query ends.
        }

        /** Events that entered {@code aggregation} in {@code queryName}'s batches so far. */
        public long entered(String queryName, String aggregation) {
            return total(queryName + "/" + aggregation + ENTERED);
        }

        /** Events in the windows {@code aggregation} emitted in {@code queryName}'s batches so far. */
        public long emitted(String queryName, String aggregation) {
            return total(queryName + "/" + aggregation + EMITTED);
        }

        private long total(String key) {
            BatchTotal batches = totals.get(key);
            return batches == null ? 0 : batches.total();
        }

        /**
         * Waits until the progress of the query's last batch has reached this tally: Spark delivers
         * progress to listeners on a thread of its own, after the batch.
         *
         * @return false if it had not within {@code timeout}
         */
        public boolean awaitLastBatch(StreamingQuery query, Duration timeout) throws InterruptedException {
            StreamingQueryProgress last = query.lastProgress();
            if (last == null) {
                return true;
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (this) {
                while (lastBatch.getOrDefault(query.name(), -1L) < last.batchId()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            }
            return true;
        }
    }
}
