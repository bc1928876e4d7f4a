package dev.streampatterns.core.sink;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streampatterns.core.TestSpark;
import dev.streampatterns.core.decode.DeadLetter;
import dev.streampatterns.core.job.CheckpointLocations;
import dev.streampatterns.core.job.ProgressReporter;
import dev.streampatterns.core.job.StreamingJob;
import dev.streampatterns.servers.Await;
import dev.streampatterns.servers.KafkaBrokerExtension;
import dev.streampatterns.servers.TopicRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Kafka sink on a real broker, with a topic whose records may be at most 2,000 bytes. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class KafkaSinkTest {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    private static final StructType MESSAGES = new StructType().add("id", DataTypes.StringType)
            .add("text", DataTypes.StringType).add("source_offset", DataTypes.LongType);
    private static final int TOPIC_LIMIT = 2_000;

    private final SparkSession spark = TestSpark.local();

    private static void createSmallTopic(String name) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.broker().bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1)
                    .configs(Map.of("max.message.bytes", String.valueOf(TOPIC_LIMIT))))).all().get(30, TimeUnit.SECONDS);
        }
        KAFKA.broker().createTopic(name, 1);   // exists already: waits until its partition takes writes
    }

    private Dataset<Row> messages(String... texts) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            rows.add(RowFactory.create("m" + i, texts[i], 100L + i));
        }
        return spark.createDataFrame(rows, MESSAGES);
    }

    /** A dead-letter sink that keeps what it is given. */
    private static final class Kept implements BatchSink {
        private static final long serialVersionUID = 1L;
        final List<Row> rows = new ArrayList<>();

        @Override
        public void write(Dataset<Row> batch, long batchId) {
            rows.addAll(batch.collectAsList());
        }
    }

    @Test
    void aRecordTooLargeForTheTopicIsADeadLetterAndTheOthersAreWritten() throws Exception {
        createSmallTopic("small-records");
        Kept deadLetters = new Kept();
        KafkaSink sink = KafkaSink.to(KAFKA.broker().bootstrapServers(), "small-records", "id", "text")
                .withRefusedRowsTo(deadLetters, new RefusedRows.SourceColumns(null, null, "source_offset"));
        String large = "x".repeat(5_000);

        sink.write(messages("small", large, "also small"), 3);

        assertThat(TopicRecords.read(KAFKA.broker().bootstrapServers(), "small-records", 2, Duration.ofSeconds(30)))
                .extracting(r -> new String(r.value(), StandardCharsets.UTF_8)).containsExactlyInAnyOrder("small", "also small");
        assertThat(deadLetters.rows).singleElement().satisfies(letter -> {
            assertThat(letter.<Long>getAs(DeadLetter.OFFSET)).isEqualTo(101L);
            assertThat(letter.<String>getAs(DeadLetter.REASON)).matches("refused by Kafka sink of topic small-records: "
                    + "a record of up to 5[0-9]{3} bytes is larger than 2,000 bytes, the limit of topic small-records "
                    + "\\(max.message.bytes\\)");
            assertThat(new String(letter.<byte[]>getAs(DeadLetter.VALUE), StandardCharsets.UTF_8))
                    .isEqualTo("{\"id\":\"m1\",\"text\":\"" + large + "\",\"source_offset\":101}");
        });
    }

    @Test
    void withoutADeadLetterARecordTooLargeFailsTheBatchBeforeAnythingIsWritten() throws Exception {
        createSmallTopic("strict-records");
        KafkaSink sink = KafkaSink.to(KAFKA.broker().bootstrapServers(), "strict-records", "id", "text");

        assertThatThrownBy(() -> sink.write(messages("small", "x".repeat(5_000)), 0))
                .isInstanceOf(SinkException.class)
                .hasMessage("Kafka sink of topic strict-records: batch 0 failed: 1 records are larger than 2,000 bytes, "
                        + "the limit of topic strict-records (max.message.bytes); nothing was written (give the sink a "
                        + "dead letter with withRefusedRowsTo)");
        assertThat(TopicRecords.read(KAFKA.broker().bootstrapServers(), "strict-records", 1, Duration.ofSeconds(3))).isEmpty();
    }

    @Test
    void aRecordJustUnderTheLimitIsWritten() throws Exception {
        createSmallTopic("edge-records");
        KafkaSink sink = KafkaSink.to(KAFKA.broker().bootstrapServers(), "edge-records", "id", "text");
        // The sink's bound: 97 bytes of overhead, the key (2), the value, and the batch-id header (10 + 14 + 1).
        String fits = "y".repeat(TOPIC_LIMIT - 97 - 2 - 25);

        sink.write(messages(fits), 0);

        assertThat(TopicRecords.read(KAFKA.broker().bootstrapServers(), "edge-records", 1, Duration.ofSeconds(30)))
                .extracting(r -> r.value().length).containsExactly(fits.length());
    }

    @Test
    void aMicroBatchWrittenToKafkaIsReadFromItsSourceOnceThoughTheSizeCheckAndTheWriteBothReadIt() throws Exception {
        String servers = KAFKA.broker().bootstrapServers();
        KAFKA.broker().createTopic("read-once-in", 1);
        KAFKA.broker().createTopic("read-once-out", 1);
        try (org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]> producer =
                     new org.apache.kafka.clients.producer.KafkaProducer<>(Map.of("bootstrap.servers", servers),
                             new org.apache.kafka.common.serialization.ByteArraySerializer(),
                             new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("read-once-in",
                        ("record " + i).getBytes(StandardCharsets.UTF_8))).get();
            }
        }
        KafkaSink sink = KafkaSink.to(servers, "read-once-out", null, "value");
        Dataset<Row> records = dev.streampatterns.core.source.KafkaSource.stream(
                dev.streampatterns.core.source.KafkaSourceOptions.builder().bootstrapServers(servers).topics("read-once-in")
                        .startingOffsets("earliest").build()).readStream(spark).select(col("value"));
        org.apache.spark.sql.streaming.StreamingQuery query;
        try (StreamingJob job = StreamingJob.create(spark, CheckpointLocations.temporary())) {
            VoidFunction2<Dataset<Row>, Long> write = sink::write;
            query = job.start("read-once-" + java.util.UUID.randomUUID().toString().substring(0, 8),
                    records.writeStream().foreachBatch(write));
            job.processAllAvailable();
        }

        assertThat(java.util.Arrays.stream(query.recentProgress()).mapToLong(p -> p.numInputRows()).sum())
                .as("rows read from the source, over every batch").isEqualTo(10);
        assertThat(TopicRecords.read(servers, "read-once-out", 10, Duration.ofSeconds(30)))
                .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, 10).mapToObj(i -> "record " + i).toList());
    }

    @Test
    void aStreamingBatchNamesTheSinkAndItsRefusedRecordsInItsProgressLine() throws Exception {
        createSmallTopic("progress-records");
        Kept deadLetters = new Kept();
        KafkaSink sink = KafkaSink.to(KAFKA.broker().bootstrapServers(), "progress-records", "id", "text")
                .withRefusedRowsTo(deadLetters, RefusedRows.SourceColumns.NONE);
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        long refusedBefore = SinkRefusals.totals().getOrDefault("kafka:progress-records", 0L);
        // Three rows in all, the second too large for the topic, in however many batches the rate source makes.
        Dataset<Row> rows = spark.readStream().format("rate").option("rowsPerSecond", 10).load()
                .where(col("value").lt(3))
                .select(col("value").cast(DataTypes.StringType).as("id"),
                        when(col("value").equalTo(1), lit("x".repeat(5_000))).otherwise(lit("small")).as("text"));
        try (StreamingJob job = StreamingJob.create(spark, CheckpointLocations.temporary(), new ProgressReporter(lines::add))) {
            VoidFunction2<Dataset<Row>, Long> write = sink::write;
            job.start("progress-" + java.util.UUID.randomUUID().toString().substring(0, 8),
                    rows.writeStream().foreachBatch(write));
            Await.until(Duration.ofMinutes(1), "a progress line naming the refused record", () -> lines.stream()
                    .anyMatch(line -> line.endsWith(", refused to the dead letter by kafka:progress-records 1")));
        }
        assertThat(deadLetters.rows).hasSize(1);
        assertThat(lines.stream().filter(line -> line.contains("refused"))).hasSize(1);
        assertThat(SinkRefusals.totals().get("kafka:progress-records") - refusedBefore)
                .as("the run's total for a summary").isEqualTo(1);
    }
}
