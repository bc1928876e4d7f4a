package dev.streampatterns.core.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streampatterns.core.batch.CachedBatch;
import dev.streampatterns.core.decode.DeadLetter;
import dev.streampatterns.core.decode.DecodeMode;
import dev.streampatterns.core.decode.DecodedRows;
import dev.streampatterns.core.decode.ProtobufDecoder;
import dev.streampatterns.core.decode.testing.Order;
import dev.streampatterns.core.job.CheckpointLocations;
import dev.streampatterns.core.job.StreamingJob;
import dev.streampatterns.core.sink.KafkaSink;
import dev.streampatterns.servers.KafkaBrokerExtension;
import dev.streampatterns.core.TestSpark;
import dev.streampatterns.servers.TopicRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Source, decoder, cached batch and Kafka sink together on a real (in-process) broker. */
class KafkaPipelineTest {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    private static final byte[] TRUNCATED = {0x0A, 0x10, 0x41};

    private final SparkSession spark = TestSpark.local();

    private void produce(String topic, List<byte[]> values) {
        KAFKA.broker().createTopic(topic, 1);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.broker().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (byte[] value : values) {
                producer.send(new ProducerRecord<>(topic, value));
            }
            producer.flush();
        }
    }

    private KafkaSourceOptions source(String topic) {
        return KafkaSourceOptions.builder().bootstrapServers(KAFKA.broker().bootstrapServers()).topics(topic).build();
    }

    private static byte[] order(String id, int quantity) {
        return Order.newBuilder().setId(id).setQuantity(quantity).build().toByteArray();
    }

    @Test
    void decodesForwardsValidRecordsAndSetsTheMalformedOneAside() {
        produce("orders-in", List.of(order("a", 1), TRUNCATED, order("b", 2), order("c", 3)));
        KAFKA.broker().createTopic("orders-out", 1);
        ProtobufDecoder decoder = ProtobufDecoder.forGeneratedClass(Order.class);
        KafkaSink sink = KafkaSink.to(KAFKA.broker().bootstrapServers(), "orders-out", "id", "quantity");
        List<Row> deadLetters = new CopyOnWriteArrayList<>();
        CachedBatch batch = CachedBatch.builder("orders")
                .analysis("forward", (rows, id) -> sink.write(DecodedRows.of(rows).valid(), id))
                .analysis("dead letters", (rows, id) -> deadLetters.addAll(DecodedRows.of(rows).deadLetters().collectAsList()))
                .build();

        try (StreamingJob job = StreamingJob.create(spark, CheckpointLocations.temporary())) {
            job.start("orders-forward", decoder.decode(KafkaSource.readStream(spark, source("orders-in"))).all()
                    .writeStream().foreachBatch(batch));
            job.processAllAvailable();
        }

        assertThat(consume("orders-out", 3)).containsExactly("a=1@0", "b=2@0", "c=3@0");
        assertThat(deadLetters).hasSize(1);
        assertThat(deadLetters.get(0).<Long>getAs(DeadLetter.OFFSET)).isEqualTo(1L);
        assertThat(deadLetters.get(0).<String>getAs(DeadLetter.TOPIC)).isEqualTo("orders-in");
        assertThat(deadLetters.get(0).<String>getAs(DeadLetter.REASON)).startsWith("not a valid testing.Order");
    }

    @Test
    void failfastStopsTheQueryNamingTheMalformedRecord() {
        produce("orders-strict", List.of(order("a", 1), order("b", 2), TRUNCATED));
        ProtobufDecoder decoder = ProtobufDecoder.forGeneratedClass(Order.class).withMode(DecodeMode.FAILFAST);

        try (StreamingJob job = StreamingJob.create(spark, CheckpointLocations.temporary())) {
            StreamingQuery query = job.start("orders-strict", decoder.decode(KafkaSource.readStream(spark,
                    source("orders-strict"))).valid().writeStream().format("noop"));
            assertThatThrownBy(query::awaitTermination)
                    .hasMessageContaining("MALFORMED_RECORD: a protobuf testing.Order record at topic orders-strict, partition 0, offset 2")
                    .hasMessageContaining("use PERMISSIVE");
        }
    }

    /** Reads {@code expected} records as {@code key=value@batchId}. */
    private static List<String> consume(String topic, int expected) {
        List<String> seen = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : TopicRecords.read(KAFKA.broker().bootstrapServers(), topic,
                expected, Duration.ofSeconds(30))) {
            String batchId = new String(record.headers().lastHeader(KafkaSink.BATCH_ID_HEADER).value(),
                    StandardCharsets.UTF_8);
            seen.add(new String(record.key(), StandardCharsets.UTF_8) + "="
                    + new String(record.value(), StandardCharsets.UTF_8) + "@" + batchId);
        }
        return seen;
    }
}
