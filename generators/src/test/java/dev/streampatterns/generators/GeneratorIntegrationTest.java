package dev.streampatterns.generators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.streampatterns.schemas.proto.UserEvent;
import dev.streampatterns.servers.KafkaBrokerExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Generators against a real (embedded) broker, read back with a plain consumer. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class GeneratorIntegrationTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final long SEED = 2026;
    private static final int USERS = 10;
    private static final Duration READ_DEADLINE = Duration.ofSeconds(30);

    @Test
    void thousandUserEventsAndTenMalformedArriveInSendOrder() {
        String topic = "user-events-roundtrip";
        KAFKA.createTopic(topic, 1);

        GeneratorReport report = run(UserEventsDataset.NAME, new UserEventsDataset(USERS),
                options(topic).maxEvents(1_000).malformedFraction(0.01).build());

        assertThat(report.validSent()).isEqualTo(1_000);
        assertThat(report.malformedSent()).isEqualTo(10);

        List<ConsumerRecord<byte[], byte[]>> records = readAll(topic);
        assertThat(records).hasSize(1_010);

        List<UserEvent> valid = new ArrayList<>();
        List<Long> malformedOffsets = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                UserEvent event = UserEvent.parseFrom(record.value());
                assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(event.getUserId());
                valid.add(event);
            } catch (InvalidProtocolBufferException e) {
                assertThat(record.key()).isNull();
                malformedOffsets.add(record.offset());
            }
        }
        assertThat(valid).containsExactlyElementsOf(UserEventsDataset.events(SEED, 1_000, USERS));
        // After valid events 99, 199, ..., 999: offsets 100, 201, 302, ..., 1009.
        assertThat(malformedOffsets).containsExactly(100L, 201L, 302L, 403L, 504L, 605L, 706L, 807L, 908L, 1009L);
    }

    @Test
    void malformedInjectionDoesNotShiftTheValidSequence() {
        KAFKA.createTopic("clean", 1);
        KAFKA.createTopic("dirty", 1);

        run("clean", new UserEventsDataset(USERS), options("clean").maxEvents(300).build());
        run("dirty", new UserEventsDataset(USERS), options("dirty").maxEvents(300).malformedFraction(0.3).build());

        List<byte[]> clean = readAll("clean").stream().map(ConsumerRecord::value).toList();
        List<byte[]> dirtyValid = readAll("dirty").stream().filter(r -> r.key() != null).map(ConsumerRecord::value).toList();
        assertThat(clean).hasSize(300);
        assertThat(dirtyValid).hasSize(300);
        for (int i = 0; i < clean.size(); i++) {
            assertThat(dirtyValid.get(i)).as("record %d", i).isEqualTo(clean.get(i));
        }
    }

    @Test
    void durationBoundEndsAThrottledRun() {
        KAFKA.createTopic("timed", 1);

        GeneratorReport report = run("timed", new UserEventsDataset(USERS),
                options("timed").eventsPerSecond(100).maxDuration(Duration.ofMillis(300)).build());

        assertThat(report.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        // The limiter grants at most one permit at start plus one per 10 ms: never more than 31 in 300 ms.
        assertThat(report.validSent()).isBetween(1L, 31L);
        assertThat(readAll("timed")).hasSize((int) report.totalSent());
    }

    @Test
    void stopFromAnotherThreadEndsTheRunAndFlushes() throws Exception {
        String topic = "stopped";
        KAFKA.createTopic(topic, 1);
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try (KafkaProducer<byte[], byte[]> producer = ProducerFactory.create(KAFKA.bootstrapServers(), Map.of())) {
            Generator generator = new Generator(producer, new UserEventsDataset(USERS),
                    options(topic).eventsPerSecond(200).maxDuration(Duration.ofMinutes(10)).build());
            Future<GeneratorReport> run = runner.submit(generator::run);

            awaitRecords(topic, 5);
            generator.stop();
            GeneratorReport report = run.get(30, TimeUnit.SECONDS);

            assertThat(report.validSent()).isGreaterThanOrEqualTo(5);
            assertThat(readAll(topic)).hasSize((int) report.totalSent());
            assertThatThrownBy(generator::run).isInstanceOf(IllegalStateException.class);
        } finally {
            runner.shutdownNow();
        }
    }

    @Test
    void aFailedSendFailsTheRun() {
        KAFKA.createTopic("too-large", 1);
        RecordFactory oversized = new RecordFactory() {
            @Override
            public String name() {
                return "oversized";
            }

            @Override
            public ProducerRecordData next(Random random, long index) {
                byte[] value = new byte[4_096];
                random.nextBytes(value);
                return ProducerRecordData.of(null, value);
            }

            @Override
            public byte[] malformedValue(Random random, long index) {
                return new byte[] {0};
            }
        };

        try (KafkaProducer<byte[], byte[]> producer = ProducerFactory.create(KAFKA.bootstrapServers(),
                Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_024))) {
            Generator generator = new Generator(producer, oversized, options("too-large").maxEvents(10).build());

            assertThatThrownBy(generator::run)
                    .isInstanceOf(GeneratorException.class)
                    .hasMessageContaining("oversized")
                    .hasMessageContaining("topic 'too-large'")
                    .hasCauseInstanceOf(RecordTooLargeException.class);
        }
    }

    private static GeneratorOptions.Builder options(String topic) {
        return GeneratorOptions.builder().topic(topic).seed(SEED).progressInterval(Duration.ofMillis(100));
    }

    private static GeneratorReport run(String what, RecordFactory dataset, GeneratorOptions options) {
        try (KafkaProducer<byte[], byte[]> producer = ProducerFactory.create(KAFKA.bootstrapServers(),
                Map.of(ProducerConfig.CLIENT_ID_CONFIG, "test-" + what))) {
            return new Generator(producer, dataset, options).run();
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String topic) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        TopicPartition partition = new TopicPartition(topic, 0);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        return consumer;
    }

    /** Every record of partition 0 up to its current end offset. */
    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(topic)) {
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.nanoTime() + READ_DEADLINE.toNanos();
            while (consumer.position(partition) < end && System.nanoTime() - deadline < 0) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            assertThat(consumer.position(partition)).as("position of %s after reading", topic).isEqualTo(end);
        }
        return records;
    }

    /** Waits (by polling the topic, with a deadline) until at least {@code count} records exist. */
    private static void awaitRecords(String topic, int count) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(topic)) {
            int seen = 0;
            long deadline = System.nanoTime() + READ_DEADLINE.toNanos();
            while (seen < count && System.nanoTime() - deadline < 0) {
                seen += consumer.poll(Duration.ofMillis(200)).count();
            }
            assertThat(seen).as("records on %s", topic).isGreaterThanOrEqualTo(count);
        }
    }
}
