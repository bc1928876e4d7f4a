package dev.streampatterns.examples.userevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.streampatterns.analytics.userevents.TopUsersByValue;
import dev.streampatterns.analytics.userevents.UserEventsJob;
import dev.streampatterns.analytics.userevents.UserEventColumns;
import dev.streampatterns.analytics.userevents.UserEventsSummary;
import dev.streampatterns.core.batch.BatchRun;
import dev.streampatterns.core.decode.ProtobufDecoder;
import dev.streampatterns.core.job.CheckpointLocations;
import dev.streampatterns.core.job.StreamingJob;
import dev.streampatterns.core.sink.DeadLetterSink;
import dev.streampatterns.core.source.KafkaSource;
import dev.streampatterns.core.source.KafkaSourceOptions;
import dev.streampatterns.generators.Generator;
import dev.streampatterns.generators.GeneratorOptions;
import dev.streampatterns.generators.GeneratorReport;
import dev.streampatterns.generators.ProducerFactory;
import dev.streampatterns.generators.UserEventsDataset;
import dev.streampatterns.schemas.proto.UserEvent;
import dev.streampatterns.servers.KafkaBrokerExtension;
import dev.streampatterns.testkit.TestSparkSessions;
import dev.streampatterns.servers.TopicRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Exercise 5 end to end on the in-process broker: the seeded generator sends 1,000 user events and
 * 10 malformed records, the example's own pipeline decodes and analyses them, and every figure is
 * checked against what the generator's seed says it sent.
 */
class UserEventsEndToEndTest {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final long SEED = 2026;
    private static final int EVENTS = 1_000;
    private static final int USERS = 10;
    private static final double MALFORMED_FRACTION = 0.01;

    @Test
    void thousandEventsAndTenMalformedGiveExactCountsAndExactlyThoseDeadLetters() throws Exception {
        String servers = KAFKA.broker().bootstrapServers();
        KAFKA.broker().createTopic("user-events", 1);
        KAFKA.broker().createTopic("user-events.dead-letter", 1);
        GeneratorReport sent;
        try (KafkaProducer<byte[], byte[]> producer = ProducerFactory.create(servers, Map.of())) {
            sent = new Generator(producer, new UserEventsDataset(USERS), GeneratorOptions.builder().topic("user-events")
                    .seed(SEED).maxEvents(EVENTS).malformedFraction(MALFORMED_FRACTION).build()).run();
        }
        assertThat(sent.validSent()).isEqualTo(EVENTS);
        assertThat(sent.malformedSent()).isEqualTo(10);

        List<UserEventsSummary> summaries = new CopyOnWriteArrayList<>();
        List<BatchRun> runs = new CopyOnWriteArrayList<>();
        UserEventsJob pipeline = new UserEventsJob(
                ProtobufDecoder.forDescriptorResource("/protobuf/schemas.desc", UserEventColumns.MESSAGE_NAME),
                new TopUsersByValue(5), 5, DeadLetterSink.toKafka(servers, "user-events.dead-letter"),
                summaries::add, runs::add);
        try (StreamingJob job = StreamingJob.create(TestSparkSessions.local(), CheckpointLocations.temporary())) {
            pipeline.start(job, KafkaSource.stream(KafkaSourceOptions.builder().bootstrapServers(servers)
                    .topics("user-events").build()), Duration.ofMillis(100));
            job.processAllAvailable();
        }

        List<UserEvent> expected = UserEventsDataset.events(SEED, EVENTS, USERS);
        // Everything was in the topic before the query started: one batch holds it all.
        assertThat(summaries).hasSize(1);
        UserEventsSummary batch = summaries.get(0);
        assertThat(batch.rows()).isEqualTo(EVENTS);
        assertThat(batch.deadLetters()).isEqualTo(10);

        Map<String, Long> expectedPerAction = expected.stream()
                .collect(Collectors.groupingBy(UserEvent::getAction, TreeMap::new, Collectors.counting()));
        Map<String, Long> perAction = new TreeMap<>();
        batch.eventsPerAction().forEach(r -> perAction.put(r.getString(0), r.getLong(1)));
        assertThat(perAction).isEqualTo(expectedPerAction);

        List<Map.Entry<String, Double>> expectedTop = expected.stream()
                .collect(Collectors.groupingBy(UserEvent::getUserId, TreeMap::new, Collectors.summingDouble(UserEvent::getValue)))
                .entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(5).collect(Collectors.toList());
        List<Row> top = batch.topUsers();
        assertThat(top).extracting(r -> r.getString(0))
                .containsExactlyElementsOf(expectedTop.stream().map(Map.Entry::getKey).collect(Collectors.toList()));
        for (int i = 0; i < 5; i++) {
            assertThat(top.get(i).getDouble(1)).isCloseTo(expectedTop.get(i).getValue(), within(1e-6));
        }

        // Decoded once per record, although two analyses read the batch.
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).decodes()).isEqualTo(EVENTS + 10);

        assertThat(deadLetterOffsets(servers)).containsExactlyElementsOf(expectedMalformedOffsets());
    }

    /** Where the generator's rule puts the malformed records: one after valid event i when floor((i+1)f) > floor(i f). */
    private static List<Long> expectedMalformedOffsets() {
        List<Long> offsets = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < EVENTS; i++) {
            offset++; // valid event i
            if (Math.floor((i + 1) * MALFORMED_FRACTION) > Math.floor(i * MALFORMED_FRACTION)) {
                offsets.add(offset++);
            }
        }
        return offsets;
    }

    private static List<Long> deadLetterOffsets(String servers) {
        List<Long> offsets = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : TopicRecords.read(servers, "user-events.dead-letter", 10,
                Duration.ofSeconds(30))) {
            assertThat(header(record, DeadLetterSink.TOPIC_HEADER)).isEqualTo("user-events");
            assertThat(header(record, DeadLetterSink.REASON_HEADER)).startsWith("not a valid protobuf.UserEvent");
            offsets.add(Long.parseLong(header(record, DeadLetterSink.OFFSET_HEADER)));
        }
        return offsets;
    }

    private static String header(ConsumerRecord<?, ?> record, String key) {
        return new String(record.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
    }
}
