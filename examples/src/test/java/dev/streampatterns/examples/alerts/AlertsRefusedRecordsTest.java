package dev.streampatterns.examples.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampatterns.alerts.AlertColumns;
import dev.streampatterns.alerts.AlertsJob;
import dev.streampatterns.alerts.AlertRules;
import dev.streampatterns.core.job.CheckpointLocations;
import dev.streampatterns.core.job.StreamingJob;
import dev.streampatterns.core.sink.DeadLetterSink;
import dev.streampatterns.core.sink.KafkaSink;
import dev.streampatterns.core.sink.RefusalPolicy;
import dev.streampatterns.core.source.KafkaSource;
import dev.streampatterns.core.source.KafkaSourceOptions;
import dev.streampatterns.generators.AlertsDataset;
import dev.streampatterns.generators.Generator;
import dev.streampatterns.generators.GeneratorOptions;
import dev.streampatterns.generators.ProducerFactory;
import dev.streampatterns.servers.KafkaBrokerExtension;
import dev.streampatterns.testkit.TestSparkSessions;
import dev.streampatterns.examples.ChapterProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A threshold rule whose topic takes records of at most 200 bytes, smaller than any window it
 * publishes: every window is a dead letter naming the sink and the limit, and the job goes on.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AlertsRefusedRecordsTest {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final long SEED = 2026;
    private static final int EVENTS = 300;
    private static final String INPUT = "streaming.alerts.input";
    private static final String HIGH_VOLUME = "streaming.alerts.highvolume";
    private static final String DEAD_LETTERS = "streaming.alerts.dead-letter";
    private static final Pattern KEY = Pattern.compile("\"key\":\"([0-9]+)\"");

    @Test
    void aWindowTooLargeForItsTopicIsADeadLetterWithTheSinkAndTheLimit() throws Exception {
        String servers = KAFKA.bootstrapServers();
        createTopics(servers);
        for (String topic : List.of(INPUT, HIGH_VOLUME, "streaming.alerts.critical", DEAD_LETTERS)) {
            KAFKA.createTopic(topic, 1);
        }
        AlertsDataset dataset = AlertsDataset.builder().step(Duration.ofSeconds(1)).build();
        try (KafkaProducer<byte[], byte[]> producer = ProducerFactory.create(servers, Map.of())) {
            new Generator(producer, dataset, GeneratorOptions.builder().topic(INPUT).seed(SEED).maxEvents(EVENTS).build()).run();
        }
        List<String> windows = AlertsEndToEndTest.expectedHighVolume(dataset.alerts(SEED, EVENTS));
        // Every window refused: a fraction limit of 1 lets the whole batch go to the dead letter.
        AlertsJob pipeline = new AlertsJob(AlertRules.defaults(), AlertColumns.decoder(), servers,
                DeadLetterSink.toKafka(servers, DEAD_LETTERS), AlertsJob.Options.DEFAULTS
                        .withRoutes(AlertsJob.RouteTrigger.MICRO_BATCH, Duration.ZERO).withBatchInterval(Duration.ofMillis(200))
                        .withRefusals(new RefusalPolicy(RefusalPolicy.OnSinkError.DEAD_LETTER, 1.0)));
        Map<String, List<ConsumerRecord<String, String>>> published;
        try (StreamingJob job = StreamingJob.create(TestSparkSessions.local(), CheckpointLocations.temporary())) {
            pipeline.start(job, KafkaSource.stream(KafkaSourceOptions.builder().bootstrapServers(servers).topics(INPUT).build()));
            job.processAllAvailable();
            published = AlertsEndToEndTest.read(servers, Map.of(DEAD_LETTERS, windows.size(), HIGH_VOLUME, 0));
        }

        assertThat(windows).isNotEmpty();
        assertThat(published.get(HIGH_VOLUME)).isEmpty();
        assertThat(published.get(DEAD_LETTERS)).extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrderElementsOf(windows.stream().map(AlertsRefusedRecordsTest::asRefusedRow).toList());
        assertThat(published.get(DEAD_LETTERS)).allSatisfy(record -> {
            assertThat(new String(record.headers().lastHeader(DeadLetterSink.REASON_HEADER).value(), StandardCharsets.UTF_8))
                    .matches("refused by Kafka sink of topic " + HIGH_VOLUME + ": a record of up to [0-9]+ bytes is "
                            + "larger than 200 bytes, the limit of topic " + HIGH_VOLUME + " \\(max.message.bytes\\)");
            assertThat(record.headers().lastHeader(KafkaSink.BATCH_ID_HEADER)).isNotNull();
        });
    }

    @Test
    void theChapterSummaryCountsTheRowsEachSinkRefused(@TempDir Path dir) throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String input = "chapter-alerts-" + id;
        String deadLetters = input + ".dead-letter";
        createTopics(KAFKA.bootstrapServers());
        int windows = AlertsEndToEndTest.expectedHighVolume(
                AlertsDataset.builder().step(Duration.ofSeconds(1)).build().alerts(SEED, EVENTS)).size();
        String output = ChapterProcess.runToEnd(dir, Map.of(), List.of("chapter3-alerts",
                "--bootstrap-servers", KAFKA.bootstrapServers(), "--topic", input, "--dead-letter-topic", deadLetters,
                "--events", String.valueOf(EVENTS), "--seed", String.valueOf(SEED), "--rate", "0",
                "--late-fraction", "0", "--malformed-fraction", "0", "--max-refused-fraction", "1",
                "--route-trigger", "MICRO_BATCH", "--checkpoint-root", dir.resolve("checkpoints").toString(),
                "--master", "local[2]"), Duration.ofSeconds(150));
        assertThat(windows).isPositive();
        assertThat(output).contains(String.format(Locale.ROOT, "Done: %d alerts generated (0 of them late) and 0 "
                + "malformed lines.", EVENTS));
        assertThat(output).contains(String.format(Locale.ROOT, "%s: %,d dead letters in the topic%n    of which this run's rows refused by sink "
                + "kafka:%s: %,d", deadLetters, windows, HIGH_VOLUME, windows));
    }

    @Test
    void aRunThatGeneratesNothingSaysSoAndReadsOnlyWhatArrivesUnderLatest(@TempDir Path dir) throws Exception {
        String input = "chapter-alerts-" + UUID.randomUUID().toString().substring(0, 8);
        createTopics(KAFKA.bootstrapServers());
        KAFKA.createTopic(input, 1);
        try (KafkaProducer<byte[], byte[]> producer = ProducerFactory.create(KAFKA.bootstrapServers(), Map.of())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(input,
                    "not an alert".getBytes(StandardCharsets.UTF_8))).get();
        }
        String output = ChapterProcess.runToEnd(dir, Map.of(), List.of("chapter3-alerts",
                "--bootstrap-servers", KAFKA.bootstrapServers(), "--topic", input, "--dead-letter-topic",
                input + ".dead-letter", "--events", "0", "--starting-offsets", "latest", "--route-trigger", "MICRO_BATCH",
                "--checkpoint-root", dir.resolve("checkpoints").toString(), "--master", "local[2]"),
                Duration.ofSeconds(150));

        assertThat(output).contains("Done: no alerts generated (--events 0); the queries read what " + input + " held.")
                .contains(input + ".dead-letter: 0 dead letters in the topic");
    }

    /** The output topics, the high-volume one taking records of at most 200 bytes; those already there are kept. */
    private static void createTopics(String servers) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(HIGH_VOLUME)) {
                admin.createTopics(List.of(new NewTopic(HIGH_VOLUME, 1, (short) 1)
                        .configs(Map.of("max.message.bytes", "200")))).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** A refused window as the dead letter holds it: the record's key and value as a JSON row. */
    private static String asRefusedRow(String window) {
        Matcher key = KEY.matcher(window);
        assertThat(key.find()).isTrue();
        return "{\"key\":\"" + key.group(1) + "\",\"value\":\"" + window.replace("\"", "\\\"") + "\"}";
    }
}
