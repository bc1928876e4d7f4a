package dev.streampatterns.core.sink;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * How many rows each sink sent to the dead letter in a batch, for the progress line of that batch
 * ({@link dev.streampatterns.core.job.ProgressReporter}): the sinks record, the reporter takes.
 *
 * <p>A batch that is tried again records again and replaces what its failed attempt recorded, so a
 * count is that of the attempt that committed. Only the most recent {@value #MAX_BATCHES} batches are
 * kept: without a reporter to take them, counts must not pile up for the life of a query.
 *
 * <p>{@link #totals()} adds them up per sink for the life of the process, for a run's summary.
 */
public final class SinkRefusals {
    static final int MAX_BATCHES = 1_000;

    private static final Map<QueryBatch, Map<String, Long>> BY_BATCH = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<QueryBatch, Map<String, Long>> eldest) {
            return size() > MAX_BATCHES;
        }
    };

    /** Per sink, the rows refused in every batch recorded so far (a retried batch counted once). */
    private static final Map<String, Long> TOTALS = new LinkedHashMap<>();

    private SinkRefusals() {
    }

    /** Records that {@code sink} dead-lettered {@code rows} rows of {@code batch}. */
    public static void record(QueryBatch batch, String sink, long rows) {
        synchronized (BY_BATCH) {
            Long earlierAttempt = BY_BATCH.computeIfAbsent(batch, b -> new LinkedHashMap<>()).put(sink, rows);
            TOTALS.merge(sink, rows - (earlierAttempt == null ? 0 : earlierAttempt), Long::sum);
        }
    }

    /** The same, for a sink called from {@code foreachBatch} that knows only the batch id. */
    static void record(SparkSession spark, long batchId, String sink, long rows) {
        Optional<QueryBatch> batch = QueryBatch.ofCallingQuery(spark, batchId);
        batch.ifPresent(b -> record(b, sink, rows));
    }

    /**
     * Rows dead-lettered per sink since the process started, in the order the sinks first wrote; a
     * run's summary takes the difference with what it read when it began.
     */
    public static Map<String, Long> totals() {
        synchronized (BY_BATCH) {
            return new LinkedHashMap<>(TOTALS);
        }
    }

    /** Rows dead-lettered per sink in that batch, in the order the sinks wrote; removed once taken. */
    public static Map<String, Long> take(String queryId, long batchId) {
        synchronized (BY_BATCH) {
            Map<String, Long> counts = BY_BATCH.remove(new QueryBatch(queryId, batchId));
            return counts == null ? Map.of() : counts;
        }
    }
}
