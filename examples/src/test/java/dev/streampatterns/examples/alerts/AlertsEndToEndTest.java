package dev.streampatterns.examples.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampatterns.alerts.AlertColumns;
import dev.streampatterns.alerts.AlertsJob;
import dev.streampatterns.alerts.AlertRules;
import dev.streampatterns.core.job.CheckpointLocations;
import dev.streampatterns.core.job.StreamingJob;
import dev.streampatterns.core.sink.DeadLetterSink;
import dev.streampatterns.core.source.KafkaSource;
import dev.streampatterns.core.source.KafkaSourceOptions;
import dev.streampatterns.generators.AlertsDataset;
import dev.streampatterns.generators.AlertsDataset.Alert;
import dev.streampatterns.generators.Generator;
import dev.streampatterns.generators.GeneratorOptions;
import dev.streampatterns.generators.GeneratorReport;
import dev.streampatterns.generators.MalformedInjection;
import dev.streampatterns.generators.ProducerFactory;
import dev.streampatterns.servers.KafkaBrokerExtension;
import dev.streampatterns.testkit.TestSparkSessions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Chapter 3 end to end on the in-process broker: a seeded generator sends 300 alerts (15 of them 15 s
 * late) and 6 malformed lines, the example's own pipeline runs the SPEC's rules, and a plain consumer
 * finds in each output topic exactly the alerts that the generator's seed says it must.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AlertsEndToEndTest {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final long SEED = 2026;
    private static final int EVENTS = 300;
    private static final double LATE_FRACTION = 0.05;
    private static final double MALFORMED_FRACTION = 0.02;
    private static final String INPUT = "streaming.alerts.input";
    private static final String CRITICAL = "streaming.alerts.critical";
    private static final String HIGH_VOLUME = "streaming.alerts.highvolume";
    private static final String DEAD_LETTERS = "streaming.alerts.dead-letter";
    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final AlertsDataset dataset = AlertsDataset.builder().step(Duration.ofSeconds(1))
            .lateEvents(LATE_FRACTION, Duration.ofSeconds(15)).build();

    @Test
    void aSeededRunPublishesExactlyItsCriticalAlertsAndItsClosedWindowsAboveTheThreshold() {
        String servers = KAFKA.bootstrapServers();
        for (String topic : List.of(INPUT, CRITICAL, HIGH_VOLUME, DEAD_LETTERS)) {
            KAFKA.createTopic(topic, 1);
        }
        GeneratorReport sent;
        try (KafkaProducer<byte[], byte[]> producer = ProducerFactory.create(servers, Map.of())) {
            sent = new Generator(producer, dataset, GeneratorOptions.builder().topic(INPUT).seed(SEED)
                    .maxEvents(EVENTS).malformedFraction(MALFORMED_FRACTION).build()).run();
        }
        long malformed = MalformedInjection.countFor(EVENTS, MALFORMED_FRACTION);
        assertThat(sent.malformedSent()).isEqualTo(malformed).isEqualTo(6);

        List<Alert> alerts = dataset.alerts(SEED, EVENTS);
        List<String> expectedCritical = expectedCritical(alerts);
        List<String> expectedHighVolume = expectedHighVolume(alerts);
        AlertsJob pipeline = new AlertsJob(AlertRules.defaults(), AlertColumns.decoder(), servers,
                DeadLetterSink.toKafka(servers, DEAD_LETTERS), AlertsJob.Options.DEFAULTS.withRoutes(
                        AlertsExample.ROUTE_TRIGGER.defaultValue(), AlertsExample.ROUTE_INTERVAL.defaultValue())
                        .withBatchInterval(Duration.ofMillis(200)));
        Map<String, List<ConsumerRecord<String, String>>> published;
        try (StreamingJob job = StreamingJob.create(TestSparkSessions.local(), CheckpointLocations.temporary())) {
            // Everything is in the topic before the queries start: the threshold query reads it in one batch.
            pipeline.start(job, KafkaSource.stream(KafkaSourceOptions.builder().bootstrapServers(servers).topics(INPUT).build()));
            job.processAllAvailable();
            published = read(servers, Map.of(CRITICAL, expectedCritical.size(), HIGH_VOLUME, expectedHighVolume.size(),
                    DEAD_LETTERS, (int) malformed));
        }

        assertThat(values(published.get(CRITICAL))).containsExactlyElementsOf(expectedCritical);
        assertThat(published.get(CRITICAL)).extracting(ConsumerRecord::key).containsExactlyElementsOf(
                alerts.stream().filter(a -> a.level().equals("CRITICAL")).map(a -> String.valueOf(a.code())).toList());
        assertThat(values(published.get(HIGH_VOLUME))).containsExactlyInAnyOrderElementsOf(expectedHighVolume);
        assertThat(published.get(DEAD_LETTERS)).hasSize(6).allSatisfy(record -> assertThat(new String(
                record.headers().lastHeader(DeadLetterSink.REASON_HEADER).value(), StandardCharsets.UTF_8))
                .startsWith("malformed CSV"));
    }

    /** Every CRITICAL alert, in the order sent, as the documented JSON. */
    private static List<String> expectedCritical(List<Alert> alerts) {
        return alerts.stream().filter(a -> a.level().equals("CRITICAL")).map(a -> String.format(
                "{\"rule\":\"critical\",\"timestamp\":\"%s\",\"level\":\"CRITICAL\",\"code\":%d,\"message\":\"%s\"}",
                ISO_MILLIS.format(a.timestamp()), a.code(), a.message())).collect(Collectors.toList());
    }

    /**
     * One batch holds every alert, so none is dropped; the watermark after it is the latest event time
     * minus 10 s, and the windows that end by then, with more than 2 alerts of a code, are published.
     */
    static List<String> expectedHighVolume(List<Alert> alerts) {
        long watermark = alerts.stream().mapToLong(a -> a.timestamp().toEpochMilli()).max().orElseThrow() - 10_000;
        Map<Long, Map<Integer, Long>> counts = new TreeMap<>();
        for (Alert alert : alerts) {
            long start = Math.floorDiv(alert.timestamp().toEpochMilli(), 10_000) * 10_000;
            counts.computeIfAbsent(start, s -> new TreeMap<>()).merge(alert.code(), 1L, Long::sum);
        }
        List<String> expected = new ArrayList<>();
        counts.forEach((start, perCode) -> perCode.forEach((code, count) -> {
            if (start + 10_000 <= watermark && count > 2) {
                expected.add(String.format("{\"rule\":\"highvolume\",\"keyColumn\":\"code\",\"key\":\"%d\","
                        + "\"windowStart\":\"%s\",\"windowEnd\":\"%s\",\"count\":%d}", code,
                        ISO_MILLIS.format(Instant.ofEpochMilli(start)), ISO_MILLIS.format(Instant.ofEpochMilli(start + 10_000)),
                        count));
            }
        }));
        return expected;
    }

    /** Reads each topic from its beginning until it has the expected number of records or 60 s have passed. */
    static Map<String, List<ConsumerRecord<String, String>>> read(String servers, Map<String, Integer> expected) {
        Map<String, List<ConsumerRecord<String, String>>> records = new HashMap<>();
        expected.keySet().forEach(topic -> records.put(topic, new ArrayList<>()));
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = expected.keySet().stream().map(t -> new TopicPartition(t, 0)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (expected.entrySet().stream().anyMatch(e -> records.get(e.getKey()).size() < e.getValue())
                    && System.nanoTime() - deadline < 0) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> records.get(r.topic()).add(r));
            }
            // Anything beyond the expected records is already in the topics by now: read to their end.
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.nanoTime() - deadline < 0) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> records.get(r.topic()).add(r));
            }
        }
        return records;
    }

    private static List<String> values(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::value).collect(Collectors.toList());
    }
}
