package dev.streampatterns.predictions;

import static org.apache.spark.sql.functions.col;

import dev.streampatterns.core.decode.Decoder;
import dev.streampatterns.core.job.StreamingJob;
import dev.streampatterns.core.sink.BatchSink;
import dev.streampatterns.core.sink.KafkaSink;
import dev.streampatterns.core.source.StreamSource;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.storage.StorageLevel;

/**
 * Real-time predictions (SPEC sections 7 and 10) as a job with injected ends: reviews from a source →
 * the reviews' decoder (malformed records to the dead letter) → {@link SentimentPredictions} → the output
 * sink ({@link #toKafka}: topic {@value #DEFAULT_OUTPUT_TOPIC}, key = review id).
 *
 * <p>Queries: {@value #QUERY} and {@value #QUERY}{@code -dead-letters}.
 *
 * <p>Each batch is predicted in full before anything is written: the predictions are cached and counted
 * first, so a model server that stays down fails the batch with nothing of it written, and the restart
 * redoes the whole batch: every review is predicted, none is lost and none written twice by that failure.
 * The Kafka sink itself is at least once (a failure while writing can repeat a batch's records on the
 * redo); each record carries the {@code spark.batch.id} header by which a reader drops a redo's copy.
 */
public final class PredictionsJob {
    public static final String QUERY = "sentiment-predictions";
    public static final String DEFAULT_INPUT_TOPIC = "streaming.sentiment.input";
    public static final String DEFAULT_OUTPUT_TOPIC = "streaming.sentiment.output";

    /** What the output topic's value holds. */
    public enum OutputValue {
        /** The label alone, e.g. {@code Very Positive} (the course's value). */
        LABEL,
        /** {@code {"id":"...","label":"Positive","score":0.4404}}. */
        JSON
    }

    /**
     * One batch's predictions.
     *
     * @param rows   reviews predicted in the batch
     * @param labels reviews per label in the batch, in the order of {@link Sentiment}; labels no review got are left out
     * @param sample the first predictions of the batch, rows of {@link SentimentPredictions#OUTPUT}
     */
    public record BatchReport(long batchId, long rows, Map<Sentiment, Long> labels, List<Row> sample) {
        public BatchReport {
            EnumMap<Sentiment, Long> inOrder = new EnumMap<>(Sentiment.class);
            inOrder.putAll(labels);
            labels = Collections.unmodifiableMap(inOrder);
        }
    }

    private final Decoder decoder;
    private final SentimentPredictions predictions;
    private final BatchSink output;
    private final BatchSink deadLetters;
    private final int sampleSize;
    private final Consumer<BatchReport> reports;

    /**
     * @param output     where each batch's predictions go, rows of {@link SentimentPredictions#OUTPUT}
     * @param sampleSize how many predictions of each batch a report holds
     */
    public PredictionsJob(Decoder decoder, SentimentPredictions predictions, BatchSink output, BatchSink deadLetters,
                          int sampleSize, Consumer<BatchReport> reports) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.predictions = Objects.requireNonNull(predictions, "predictions");
        this.output = Objects.requireNonNull(output, "output");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.reports = Objects.requireNonNull(reports, "reports");
        if (sampleSize < 0) {
            throw new IllegalArgumentException("a sample of 0 or more rows: " + sampleSize);
        }
        this.sampleSize = sampleSize;
    }

    /**
     * An output sink that writes each prediction to {@code kafka}'s topic, key = review id, value = the
     * label or the JSON of {@code id, label, score}. {@code kafka} must take the columns {@code key} and
     * {@code value}.
     */
    public static BatchSink toKafka(KafkaSink kafka, OutputValue value) {
        Objects.requireNonNull(kafka, "kafka");
        if (value == OutputValue.JSON) {
            BatchSink json = kafka.asJson(ReviewColumns.ID);
            return (rows, batchId) -> json.write(rows.select(ReviewColumns.ID, SentimentPredictions.LABEL,
                    SentimentPredictions.SCORE), batchId);
        }
        return (rows, batchId) -> kafka.write(rows.select(col(ReviewColumns.ID).as(KafkaSink.KEY),
                col(SentimentPredictions.LABEL).as(KafkaSink.VALUE)), batchId);
    }

    public String deadLetterQuery() {
        return QUERY + "-dead-letters";
    }

    /** Starts the predictions' and the dead letters' queries, with a micro-batch every {@code trigger}. */
    public List<StreamingQuery> start(StreamingJob job, StreamSource source, Duration trigger) {
        Trigger every = Trigger.ProcessingTime(trigger.toMillis());
        VoidFunction2<Dataset<Row>, Long> predicted = this::predictBatch;
        StreamingQuery predictionsQuery = job.start(QUERY, decoder.decode(source.readStream(job.spark())).valid()
                .writeStream().trigger(every).foreachBatch(predicted));
        VoidFunction2<Dataset<Row>, Long> rejected = deadLetters::write;
        StreamingQuery deadLetterQuery = job.start(deadLetterQuery(), decoder.decode(source.readStream(job.spark()))
                .deadLetters().writeStream().trigger(every).foreachBatch(rejected));
        return List.of(predictionsQuery, deadLetterQuery);
    }

    /**
     * One batch: predict every review (cached) while counting the labels — the one pass that makes a
     * model server's outage fail the batch before anything is written — then write, then report.
     */
    void predictBatch(Dataset<Row> reviews, long batchId) throws Exception {
        Dataset<Row> predicted = predictions.apply(reviews).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Map<Sentiment, Long> labels = new EnumMap<>(Sentiment.class);
            predicted.groupBy(SentimentPredictions.LABEL).count().collectAsList()
                    .forEach(row -> labels.put(Sentiment.ofLabel(row.getString(0)), row.getLong(1)));
            long rows = labels.values().stream().mapToLong(Long::longValue).sum();
            if (rows > 0) {
                output.write(predicted, batchId);
            }
            List<Row> sample = rows == 0 || sampleSize == 0 ? List.of() : predicted.limit(sampleSize).collectAsList();
            reports.accept(new BatchReport(batchId, rows, labels, sample));
        } finally {
            predicted.unpersist();
        }
    }
}
