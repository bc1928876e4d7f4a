package dev.streampatterns.core.sink;

import static org.apache.spark.sql.functions.col;

import dev.streampatterns.core.decode.DeadLetter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Writes dead letters ({@link DeadLetter} rows) to a Kafka topic the way Kafka users expect a
 * dead-letter queue: the original key and the original bytes untouched as key and value, and where
 * the record came from and why it was rejected in headers ({@value #TOPIC_HEADER},
 * {@value #PARTITION_HEADER}, {@value #OFFSET_HEADER}, {@value #REASON_HEADER}), so a repaired record
 * can be replayed as it was. Delivery is that of {@link KafkaSink}: at least once.
 *
 * <p>{@link #toFiles} writes them as JSON files instead, one folder per batch of a query (exactly
 * once per batch, see {@link FileSink}); the raw bytes appear base64-encoded.
 */
public final class DeadLetterSink implements BatchSink {
    private static final long serialVersionUID = 1L;
    public static final String TOPIC_HEADER = "dead-letter.topic";
    public static final String PARTITION_HEADER = "dead-letter.partition";
    public static final String OFFSET_HEADER = "dead-letter.offset";
    public static final String REASON_HEADER = "dead-letter.reason";

    private final KafkaSink kafka;
    private final FileSink files;
    private final String destination;

    private DeadLetterSink(KafkaSink kafka, FileSink files, String destination) {
        this.kafka = kafka;
        this.files = files;
        this.destination = destination;
    }

    public static DeadLetterSink toKafka(String bootstrapServers, String topic) {
        return new DeadLetterSink(KafkaSink.to(bootstrapServers, topic, DeadLetter.KEY, DeadLetter.VALUE)
                .withHeaderColumns(TOPIC_HEADER, PARTITION_HEADER, OFFSET_HEADER, REASON_HEADER), null, "topic " + topic);
    }

    public static DeadLetterSink toFiles(java.nio.file.Path directory) {
        return new DeadLetterSink(null, FileSink.json(directory), "files under " + directory.toAbsolutePath());
    }

    /** Where dead letters go, for the user: {@code topic X} or {@code files under D}. */
    public String destination() {
        return destination;
    }

    @Override
    public void write(Dataset<Row> deadLetters, long batchId) {
        if (files != null) {
            files.write(deadLetters, batchId);
            return;
        }
        toKafka(deadLetters, batchId);
    }

    /** The dead letters of a batch of the query named (outside {@code foreachBatch}). */
    public void write(Dataset<Row> deadLetters, QueryBatch batch) {
        if (files != null) {
            files.write(deadLetters, batch);
            return;
        }
        toKafka(deadLetters, batch.batchId());
    }

    private void toKafka(Dataset<Row> deadLetters, long batchId) {
        kafka.write(deadLetters.select(col(DeadLetter.KEY), col(DeadLetter.VALUE),
                col(DeadLetter.TOPIC).as(TOPIC_HEADER), col(DeadLetter.PARTITION).as(PARTITION_HEADER),
                col(DeadLetter.OFFSET).as(OFFSET_HEADER), col(DeadLetter.REASON).as(REASON_HEADER)), batchId);
    }
}
