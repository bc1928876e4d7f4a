package dev.streampatterns.core.batch;

import dev.streampatterns.core.sink.BatchSink;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code foreachBatch} function that persists each micro-batch once, runs named analyses on it in
 * order, each given the batch and its batch id, and unpersists it in {@code finally} — even when an
 * analysis fails, in which case the failure propagates and the batch fails, so Spark redoes it on
 * restart.
 *
 * <p>Without the cache every analysis (every count, show, write) recomputes the batch from the
 * source: reads Kafka and decodes every record again. With it, the first analysis that reads the
 * batch builds the cache as it goes, and the others read memory; {@link BatchRun#decodes()} makes
 * that visible. Put first an analysis that reads every row (an aggregation, a write): one that reads
 * a few rows ({@code limit}, {@code show}) builds the cache of the partitions it reads only, and the
 * batch's row count then costs a pass of its own.
 *
 * <pre>{@code
 * CachedBatch analyses = CachedBatch.builder("user-events")
 *     .countingDecodesOf(decoder.recordsDecoded())
 *     .analysis("report", (batch, id) -> ...)
 *     .analysis("dead letters", (batch, id) -> ...)
 *     .build();
 * decoded.writeStream().foreachBatch(analyses)...
 * }</pre>
 */
public final class CachedBatch implements VoidFunction2<Dataset<Row>, Long> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CachedBatch.class);

    private final String name;
    private final StorageLevel storageLevel;
    private final Map<String, BatchSink> analyses;
    private final LongAccumulator decodeCounter;
    /** Runs kept for {@link #runs()}, like Spark's {@code spark.sql.streaming.numRecentProgressUpdates}. */
    public static final int DEFAULT_RECENT_RUNS = 100;

    private final transient Consumer<BatchRun> listener;
    private final int recentRuns;
    /** The most recent runs only: a job that follows a topic for weeks must not grow with every batch. */
    private final ArrayDeque<BatchRun> runs = new ArrayDeque<>();

    private CachedBatch(Builder b) {
        this.name = b.name;
        this.storageLevel = b.storageLevel;
        this.analyses = Collections.unmodifiableMap(new LinkedHashMap<>(b.analyses));
        this.decodeCounter = b.decodeCounter;
        this.listener = b.listener;
        this.recentRuns = b.recentRuns;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    @Override
    public void call(Dataset<Row> batch, Long batchId) throws Exception {
        long start = System.nanoTime();
        long decodesBefore = decodeCounter == null ? 0 : decodeCounter.value();
        // No count to build the cache first: the first analysis builds it as it reads, which spares
        // a Spark job per batch (35-40 ms of a small batch's 250, docs/BENCHMARKS.md section 8).
        Dataset<Row> cached = batch.persist(storageLevel);
        try {
            for (Map.Entry<String, BatchSink> analysis : analyses.entrySet()) {
                try {
                    analysis.getValue().write(cached, batchId);
                } catch (Exception e) {
                    throw new BatchAnalysisException(name, analysis.getKey(), batchId, e);
                }
            }
            long rows = CachedRows.count(cached);
            long decodes = decodeCounter == null ? -1 : decodeCounter.value() - decodesBefore;
            BatchRun run = new BatchRun(batchId, rows, analyses.size(), decodes, (System.nanoTime() - start) / 1_000_000);
            synchronized (runs) {
                runs.addLast(run);
                while (runs.size() > recentRuns) {
                    runs.removeFirst();
                }
            }
            LOG.info("{} {}", name, run.describe());
            if (listener != null) {
                listener.accept(run);
            }
        } finally {
            cached.unpersist(false);
        }
    }

    /** The most recent runs ({@link Builder#keepRecentRuns}, 100 by default), oldest first; all of them go to {@link Builder#onBatch}. */
    public List<BatchRun> runs() {
        synchronized (runs) {
            return List.copyOf(runs);
        }
    }

    /** An analysis that failed, named with its batch so the log says what to look at. */
    public static final class BatchAnalysisException extends Exception {
        private static final long serialVersionUID = 1L;

        BatchAnalysisException(String pipeline, String analysis, long batchId, Exception cause) {
            super(pipeline + ": analysis '" + analysis + "' failed on batch " + batchId + ": " + cause.getMessage(), cause);
        }
    }

    public static final class Builder {
        private final String name;
        private StorageLevel storageLevel = StorageLevel.MEMORY_AND_DISK();
        private final Map<String, BatchSink> analyses = new LinkedHashMap<>();
        private LongAccumulator decodeCounter;
        private Consumer<BatchRun> listener;
        private int recentRuns = DEFAULT_RECENT_RUNS;

        private Builder(String name) {
            this.name = name;
        }

        /** MEMORY_AND_DISK by default, like {@code Dataset.persist()}: a batch larger than memory still runs. */
        public Builder storageLevel(StorageLevel value) {
            this.storageLevel = value;
            return this;
        }

        /**
         * Adds an analysis of the cached batch, run after the ones before it: a sink ({@code sink::write}
         * or a sink itself) or any {@code (batch, batchId) -> ...}, one contract for both.
         */
        public Builder analysis(String analysisName, BatchSink analysis) {
            if (analyses.put(analysisName, analysis) != null) {
                throw new IllegalArgumentException("two analyses named '" + analysisName + "'");
            }
            return this;
        }

        /** Report, per batch, how many records this decoder counter grew by (see {@code Decoder.recordsDecoded()}). */
        public Builder countingDecodesOf(LongAccumulator counter) {
            this.decodeCounter = counter;
            return this;
        }

        /** How many of the latest runs {@link CachedBatch#runs()} keeps (at least 1). */
        public Builder keepRecentRuns(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("keep at least one run, not " + count);
            }
            this.recentRuns = count;
            return this;
        }

        /** Called on the driver after each batch, with what the batch did. */
        public Builder onBatch(Consumer<BatchRun> value) {
            this.listener = value;
            return this;
        }

        public CachedBatch build() {
            if (analyses.isEmpty()) {
                throw new IllegalStateException(name + ": a cached batch needs at least one analysis");
            }
            return new CachedBatch(this);
        }
    }
}
