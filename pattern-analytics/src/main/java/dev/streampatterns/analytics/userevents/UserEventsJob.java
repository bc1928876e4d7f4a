package dev.streampatterns.analytics.userevents;

import dev.streampatterns.core.batch.BatchRun;
import dev.streampatterns.core.batch.CachedBatch;
import dev.streampatterns.core.decode.DecodedRows;
import dev.streampatterns.core.decode.ProtobufDecoder;
import dev.streampatterns.core.job.StreamingJob;
import dev.streampatterns.core.sink.BatchSink;
import dev.streampatterns.core.source.StreamSource;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Exercise 5 as a job with injected ends: records of {@code protobuf.UserEvent} from a source (Kafka,
 * or the testkit's in-memory one) → protobuf decoder (valid | dead letter) → one cached batch per
 * trigger → the batch summary (rows, sample, events per action, top N users) to a consumer, and the
 * dead letters to their sink. The chapter {@code user-events}, its tests and the benchmarks start
 * this same job.
 *
 * <p>Delivery: the summary is computed once per batch id; a batch replayed after a crash is summarised
 * again. Dead letters go to Kafka at least once (see {@code KafkaSink}).
 */
public final class UserEventsJob {
    public static final String QUERY_NAME = "user-events-analytics";

    private final ProtobufDecoder decoder;
    private final TopUsersByValue topUsers;
    private final int sampleRows;
    private final BatchSink deadLetterSink;
    private final Consumer<UserEventsSummary> summaries;
    private final Consumer<BatchRun> batchRuns;

    /**
     * @param deadLetterSink where malformed records go; null to only count them
     * @param summaries receives each batch's summary on the driver
     * @param batchRuns receives what each cached batch did (rows, analyses, records decoded)
     */
    public UserEventsJob(ProtobufDecoder decoder, TopUsersByValue topUsers, int sampleRows,
                              BatchSink deadLetterSink, Consumer<UserEventsSummary> summaries,
                              Consumer<BatchRun> batchRuns) {
        this.decoder = decoder;
        this.topUsers = topUsers;
        this.sampleRows = sampleRows;
        this.deadLetterSink = deadLetterSink;
        this.summaries = summaries;
        this.batchRuns = batchRuns;
    }

    /** Starts the job with a micro-batch every {@code trigger} (0: each batch as soon as the last one ends). */
    public StreamingQuery start(StreamingJob job, StreamSource source, Duration trigger) {
        return start(job, source, Trigger.ProcessingTime(trigger.toMillis()));
    }

    /**
     * Starts the job with any trigger: {@code Trigger.AvailableNow()} processes what the topic
     * holds at start and then stops, as a scheduled backfill does.
     */
    public StreamingQuery start(StreamingJob job, StreamSource source, Trigger trigger) {
        // Cached in two columns, payload and dead letter: what the summary and the dead letters read.
        Dataset<Row> decoded = decoder.decode(source.readStream(job.spark())).compact().all();
        // The summary counts the batch's dead letters as it reads it; the dead letters are written
        // only when there are some, since an empty write is a Spark job too.
        AtomicLong deadLettersInBatch = new AtomicLong();
        CachedBatch.Builder analyses = CachedBatch.builder(QUERY_NAME)
                .countingDecodesOf(decoder.recordsDecoded())
                .onBatch(batchRuns)
                .analysis("summary", (batch, batchId) -> {
                    UserEventsSummary summary = UserEventsSummary.of(batchId, DecodedRows.of(batch), sampleRows, topUsers);
                    deadLettersInBatch.set(summary.deadLetters());
                    summaries.accept(summary);
                });
        if (deadLetterSink != null) {
            analyses.analysis("dead letters", (batch, batchId) -> {
                if (deadLettersInBatch.get() > 0) {
                    deadLetterSink.write(DecodedRows.of(batch).deadLetters(), batchId);
                }
            });
        }
        return job.start(QUERY_NAME, decoded.writeStream()
                .trigger(trigger)
                .foreachBatch(analyses.build()));
    }
}
