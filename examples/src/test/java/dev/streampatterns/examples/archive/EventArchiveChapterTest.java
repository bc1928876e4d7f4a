package dev.streampatterns.examples.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampatterns.core.sink.DeadLetterSink;
import dev.streampatterns.core.sink.jdbc.JdbcTarget;
import dev.streampatterns.examples.ChapterProcess;
import dev.streampatterns.generators.MalformedInjection;
import dev.streampatterns.generators.ProducerFactory;
import dev.streampatterns.servers.KafkaBrokerExtension;
import dev.streampatterns.servers.TopicRecords;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18 as a user met it: valid JSON events of the right shape, one with an event type longer than
 * the table's column and one with a timestamp no time can hold, among good ones, archived by
 * {@code run-example event-archive --events 0} in a JVM of its own. The good events are archived,
 * each bad one is a dead letter with its reason, and the run ends by itself with exit code 0.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class EventArchiveChapterTest {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final String CLICK = "{\"user_id\":1,\"movie_id\":2,\"event_type\":\"click\",\"timestamp\":1701234567890}";
    private static final String TOO_LONG = "{\"user_id\":1,\"movie_id\":2,\"event_type\":\"" + "x".repeat(80)
            + "\",\"timestamp\":1701234567890}";
    private static final String VIEW = "{\"user_id\":3,\"movie_id\":4,\"event_type\":\"view\",\"timestamp\":1701234567890}";
    private static final String OVERFLOW = "{\"user_id\":5,\"movie_id\":6,\"event_type\":\"click\",\"timestamp\":99999999999999999}";

    @Test
    void aRecordTooLongForTheTableAndOneWithAnImpossibleTimeAreDeadLettersAndTheGoodOnesAreArchived(@TempDir Path dir)
            throws Exception {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String topic = "archive-" + id;
        String deadLetterTopic = topic + ".dead-letter";
        String table = "events_" + id;
        KAFKA.broker().createTopic(topic, 1);
        try (KafkaProducer<byte[], byte[]> producer = ProducerFactory.create(KAFKA.broker().bootstrapServers(), Map.of())) {
            for (String event : List.of(CLICK, TOO_LONG, VIEW, OVERFLOW)) {
                producer.send(new ProducerRecord<>(topic, event.getBytes(StandardCharsets.UTF_8))).get();
            }
        }
        String output = ChapterProcess.runToEnd(dir, Map.of(), List.of("event-archive",
                "--bootstrap-servers", KAFKA.broker().bootstrapServers(), "--topic", topic,
                "--dead-letter-topic", deadLetterTopic, "--events", "0", "--table", table,
                "--h2-dir", dir.resolve("h2").toString(), "--checkpoint-root", dir.resolve("checkpoints").toString(),
                "--master", "local[2]"), Duration.ofMinutes(3));
        assertThat(output).contains("Done: 2 events archived into " + table + " by this run, 0 refused by the database, "
                + "0 totals refused by Redis, 2 malformed");

        List<String> archived = new ArrayList<>();
        try (Connection connection = JdbcTarget.embeddedH2(dir.resolve("h2")).connect();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT user_id, movie_id, event_type, source_offset FROM " + table
                     + " ORDER BY source_offset")) {
            while (rows.next()) {
                archived.add(rows.getLong(1) + "," + rows.getLong(2) + "," + rows.getString(3) + "," + rows.getLong(4));
            }
        }
        assertThat(archived).containsExactly("1,2,click,0", "3,4,view,2");

        List<ConsumerRecord<byte[], byte[]>> deadLetters = TopicRecords.read(KAFKA.broker().bootstrapServers(),
                deadLetterTopic, 2, Duration.ofSeconds(30));
        assertThat(deadLetters).extracting(r -> header(r, DeadLetterSink.OFFSET_HEADER) + " " + new String(r.value(),
                StandardCharsets.UTF_8) + " | " + header(r, DeadLetterSink.REASON_HEADER)).containsExactlyInAnyOrder(
                "1 " + TOO_LONG + " | field 'event_type' is 80 characters long, over its limit of 50",
                "3 " + OVERFLOW + " | field 'timestamp' is 99999999999999999 ms, not an epoch-millisecond time from year 1 to 9999");
    }

    @Test
    void aRunOnTheEmbeddedDatabaseRemovesItWhenItEnds(@TempDir Path dir) throws Exception {
        String topic = "archive-" + UUID.randomUUID().toString().substring(0, 8);
        String output = ChapterProcess.runToEnd(dir, Map.of(), List.of("event-archive",
                "--bootstrap-servers", KAFKA.broker().bootstrapServers(), "--topic", topic, "--events", "20",
                "--malformed-fraction", "0", "--master", "local[2]"), Duration.ofMinutes(3));

        assertThat(output).contains("Done: 20 events archived into user_events by this run");
        try (var left = java.nio.file.Files.list(dir.resolve("tmp"))) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("event-archive-h2-"));
        }
    }

    @Test
    void failfastEndsTheRunWithOneLineNamingTheRecordAndExitCode1(@TempDir Path dir) throws Exception {
        String topic = "archive-" + UUID.randomUUID().toString().substring(0, 8);
        long firstMalformed = 0;
        while (!MalformedInjection.injectAfter(firstMalformed, 0.1)) {
            firstMalformed++;
        }
        ChapterProcess.Finished run = ChapterProcess.run(dir, Map.of(), List.of("event-archive",
                "--bootstrap-servers", KAFKA.broker().bootstrapServers(), "--topic", topic, "--events", "30",
                "--malformed-fraction", "0.1", "--mode", "FAILFAST", "--master", "local[2]"), Duration.ofMinutes(3));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output().lines().filter(line -> line.startsWith("error:"))).containsExactly("error: "
                + "MALFORMED_RECORD: a JSON record at topic " + topic + ", partition 0, offset " + (firstMalformed + 1)
                + " cannot be decoded: malformed JSON: the record ends inside the object. Decode mode is FAILFAST; use "
                + "PERMISSIVE to send malformed records to the dead letter instead.");
        assertThat(run.output().lines().filter(line -> line.startsWith("\tat "))).as("stack frames").isEmpty();
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
