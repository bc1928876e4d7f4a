package dev.streampatterns.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class EmbeddedKafkaBrokerTest {

    @Test
    void producedRecordIsConsumedBack() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + broker.port());
            broker.createTopic("round-trip", 1);

            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
                RecordMetadata sent = producer.send(new ProducerRecord<>("round-trip", "user1", "hello"))
                        .get(30, TimeUnit.SECONDS);
                assertThat(sent.offset()).isZero();
            }

            List<ConsumerRecord<String, String>> records = readAll(broker, "round-trip", 1);
            assertThat(records).singleElement().satisfies(record -> {
                assertThat(record.key()).isEqualTo("user1");
                assertThat(record.value()).isEqualTo("hello");
            });
        }
    }

    @Test
    void createTopicIsIdempotentAndKeepsTheExistingTopic() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            broker.createTopic("twice", 3);
            broker.createTopic("twice", 1);

            int partitions = admin.describeTopics(List.of("twice")).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get("twice").partitions().size();
            assertThat(partitions).isEqualTo(3);
        }
    }

    @Test
    void extraConfigReachesTheBroker() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Map.of("auto.create.topics.enable", "false"));
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                     ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000,
                     ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.ByteArraySerializer",
                     ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.ByteArraySerializer"))) {
            // Without auto-creation the producer never sees metadata for the topic and gives up.
            byte[] value = "x".getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("not-created", value)).get(30, TimeUnit.SECONDS))
                    .hasStackTraceContaining("not present in metadata");
        }
    }

    @Test
    void closeDeletesStorageAndCanBeRepeated() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
        Path storage = broker.storage();
        assertThat(storage).isDirectory();

        broker.close();
        broker.close();

        assertThat(Files.exists(storage)).isFalse();
        assertThatThrownBy(() -> broker.createTopic("after-close", 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aTakenFixedPortFailsClearlyAndLeavesNoStorage() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> EmbeddedKafkaBroker.start(taken.getLocalPort(), Map.of()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("failed to start")
                    .hasRootCauseInstanceOf(BindException.class);
        }
        try (Stream<Path> leftovers = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(leftovers.map(path -> path.getFileName().toString()))
                    .noneMatch(name -> name.startsWith("embedded-kafka-"));
        }
    }

    @Test
    void rejectsInvalidPartitionCount() {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            assertThatThrownBy(() -> broker.createTopic("none", 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("partitions");
        }
    }

    /** Reads from the beginning of partition 0 until {@code expected} records arrived or 30 s passed. */
    static List<ConsumerRecord<String, String>> readAll(EmbeddedKafkaBroker broker, String topic, int expected) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < expected && System.nanoTime() - deadline < 0) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
