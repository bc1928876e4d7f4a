package dev.streampatterns.examples.clickstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streampatterns.examples.ChapterProcess;
import dev.streampatterns.generators.ClickstreamDataset;
import dev.streampatterns.generators.EventClock;
import dev.streampatterns.servers.KafkaBrokerExtension;
import dev.streampatterns.servers.TopicRecords;
import dev.streampatterns.testkit.TestSparkSessions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/run-example clickstream} as a user runs it, in a JVM of its own, on the embedded broker:
 * the revenue read back from its Parquet files, the conversions and the sessions read back from
 * their topics, each equal to what the seed's events give by the rules of SPEC section 10
 * ({@link ExpectedClickstream}); a second run on the same checkpoint adds no file and no record.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ClickstreamChapterTest {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final int EVENTS = 12_000;
    private static final long SEED = 17;
    private static final Duration STEP = Duration.ofMillis(500);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String id = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void revenueConversionsAndSessionsAreExactlyWhatTheSeedsEventsGiveAndASecondRunAddsNothing(@TempDir Path dir)
            throws Exception {
        String output = run(dir.resolve("first"), dir, EVENTS);

        ExpectedClickstream expected = new ExpectedClickstream(new ClickstreamDataset(
                EventClock.of(ClickstreamDataset.DEFAULT_START, STEP), "c", "t").events(SEED, EVENTS));
        assertThat(output).contains("Page views, batch").contains("Revenue per category, read back from the Parquet files");

        Map<String, String> revenue = revenue(dir.resolve("revenue"));
        assertThat(revenue).isEqualTo(expected.revenue()).hasSizeGreaterThan(20);
        Map<String, String> conversions = conversions(expected.conversions(expected.conversionsClosedBy()).size());
        assertThat(conversions).isEqualTo(expected.conversions(expected.conversionsClosedBy())).hasSizeGreaterThan(20);
        Map<String, String> sessions = sessions(expected.sessions().size());
        assertThat(sessions).isEqualTo(expected.sessions()).hasSizeGreaterThan(50);

        run(dir.resolve("second"), dir, 0);
        assertThat(revenue(dir.resolve("revenue"))).isEqualTo(revenue);
        assertThat(TopicRecords.read(KAFKA.bootstrapServers(), "sessions-" + id, sessions.size() + 1,
                Duration.ofSeconds(5))).as("no session twice").hasSize(sessions.size());
    }

    private String run(Path runDir, Path dir, int events) throws Exception {
        return ChapterProcess.runToEnd(runDir, Map.of(), List.of("clickstream", "--bootstrap-servers",
                KAFKA.bootstrapServers(), "--clicks-topic", "clicks-" + id, "--transactions-topic", "transactions-" + id,
                "--conversions-topic", "conversions-" + id, "--sessions-topic", "sessions-" + id, "--dead-letter-topic",
                "dead-" + id, "--output-dir", dir.resolve("revenue").toString(), "--checkpoint-root",
                dir.resolve("checkpoints").toString(), "--master", "local[2]", "--events", String.valueOf(events),
                "--rate", "0", "--seed", String.valueOf(SEED), "--event-step", STEP.toMillis() + "ms", "--late-fraction",
                "0"), Duration.ofMinutes(3));
    }

    /** "window start|category" -> "count|total", read with Spark from the Parquet files; a window twice fails. */
    static Map<String, String> revenue(Path dir) {
        Map<String, String> rows = new TreeMap<>();
        for (Row row : TestSparkSessions.local().read().parquet(dir.toString()).collectAsList()) {
            String key = row.getTimestamp(row.fieldIndex("window_start")).toInstant() + "|"
                    + row.getString(row.fieldIndex("category"));
            String value = row.getLong(row.fieldIndex("transaction_count")) + "|"
                    + row.getDecimal(row.fieldIndex("total_revenue")).toPlainString();
            assertThat(rows.put(key, value)).as("window " + key + " once").isNull();
        }
        return rows;
    }

    private Map<String, String> conversions(int expected) throws Exception {
        return conversions(TopicRecords.read(KAFKA.bootstrapServers(), "conversions-" + id, expected,
                Duration.ofSeconds(30)));
    }

    /** "window start|product" -> "clicks|converted" of conversion records; a window twice fails. */
    static Map<String, String> conversions(List<ConsumerRecord<byte[], byte[]>> records) throws Exception {
        Map<String, String> rows = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            JsonNode row = JSON.readTree(new String(record.value(), StandardCharsets.UTF_8));
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(row.get("product_id").asText());
            String key = Instant.parse(row.get("window_start").asText()) + "|" + row.get("product_id").asText();
            assertThat(rows.put(key, row.get("clicks").asLong() + "|" + row.get("converted_clicks").asLong()))
                    .as("window " + key + " once").isNull();
        }
        return rows;
    }

    private Map<String, String> sessions(int expected) throws Exception {
        return sessions(TopicRecords.read(KAFKA.bootstrapServers(), "sessions-" + id, expected, Duration.ofSeconds(30)));
    }

    /** "session id|start" -> "end|count" of session records; a session twice fails. */
    static Map<String, String> sessions(List<ConsumerRecord<byte[], byte[]>> records) throws Exception {
        Map<String, String> rows = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            JsonNode row = JSON.readTree(new String(record.value(), StandardCharsets.UTF_8));
            assertThat(row.get("status").asText()).isEqualTo("completed");
            assertThat(row.get("duration_seconds").asLong()).isEqualTo(Duration.between(Instant.parse(
                    row.get("start").asText()), Instant.parse(row.get("end").asText())).toSeconds());
            String key = row.get("session_id").asText() + "|" + Instant.parse(row.get("start").asText());
            assertThat(rows.put(key, Instant.parse(row.get("end").asText()) + "|" + row.get("event_count").asLong()))
                    .as("session " + key + " once").isNull();
        }
        return rows;
    }
}
