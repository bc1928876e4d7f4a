package dev.streampatterns.examples.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampatterns.core.sink.jdbc.JdbcTarget;
import dev.streampatterns.examples.ChapterProcess;
import dev.streampatterns.generators.ProducerFactory;
import dev.streampatterns.servers.KafkaBrokerExtension;
import dev.streampatterns.servers.TestServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive run by a JVM in New York (issue 20, points 1 and 3): every stored time is UTC — the
 * event's, when it was processed, when the row was created — on PostgreSQL and on the embedded H2;
 * and on PostgreSQL seed 004's functions and composite indexes answer real queries.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ArchiveInUtcTest {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    /** The JVM's zone, five hours behind UTC in November; the log's first line shows the JVM took it. */
    private static final Map<String, String> NEW_YORK = Map.of("TZ", "America/New_York",
            "JAVA_TOOL_OPTIONS", "-Duser.timezone=America/New_York");
    private static final long FIRST_EVENT = 1701234567890L; // 2023-11-29T05:09:27.890Z

    /** user_id, event_type; event i happens at FIRST_EVENT + i seconds, so that newest first is one order. */
    private static final long[] USERS = {1, 2, 1, 3, 1, 2};
    private static final String[] TYPES = {"click", "view", "rate", "click", "view", "rate"};

    private final String id = UUID.randomUUID().toString().replace("-", "").substring(0, 8);

    @Test
    void theEmbeddedArchiveStoresUtcFromAJvmInNewYork(@TempDir Path dir) throws Exception {
        String topic = sendEvents();
        Instant before = Instant.now();
        String table = "events_" + id;
        ChapterProcess.runToEnd(dir, NEW_YORK, List.of("event-archive", "--bootstrap-servers",
                KAFKA.broker().bootstrapServers(), "--topic", topic, "--events", "0", "--table", table,
                "--h2-dir", dir.resolve("h2").toString(), "--checkpoint-root", dir.resolve("checkpoints").toString(),
                "--master", "local[2]"), Duration.ofMinutes(3));
        try (Connection connection = JdbcTarget.embeddedH2(dir.resolve("h2")).connect()) {
            assertTimesAreUtc(connection, table, before, Instant.now());
        }
    }

    @Test
    void postgresStoresUtcFromAJvmInNewYorkAndAnswersTheSeedsFunctions(@TempDir Path dir) throws Exception {
        TestServers.Database postgres = TestServers.postgres();
        // A database of its own, so that the table has the seed's name and its functions the seed's names.
        String database = "ssp_utc_" + id;
        execute(postgres, "CREATE DATABASE " + database);
        String url = postgres.url().substring(0, postgres.url().lastIndexOf('/') + 1) + database;
        try {
            String topic = sendEvents();
            Instant before = Instant.now();
            String afterHost = url.substring(url.indexOf("//") + 2);
            ChapterProcess.runToEnd(dir, Map.of("TZ", NEW_YORK.get("TZ"), "JAVA_TOOL_OPTIONS",
                    NEW_YORK.get("JAVA_TOOL_OPTIONS"), "POSTGRES_PASSWORD", postgres.password()), List.of("event-archive",
                    "--bootstrap-servers", KAFKA.broker().bootstrapServers(), "--topic", topic, "--events", "0",
                    "--postgres-host", "127.0.0.1", "--postgres-port",
                    afterHost.substring(afterHost.indexOf(':') + 1, afterHost.indexOf('/')),
                    "--postgres-db", database, "--postgres-user", postgres.user(),
                    "--checkpoint-root", dir.resolve("checkpoints").toString(), "--master", "local[2]"),
                    Duration.ofMinutes(3));
            try (Connection connection = DriverManager.getConnection(url, postgres.user(), postgres.password())) {
                try (Statement statement = connection.createStatement()) {
                    // A client in another zone reads the same UTC values: the column has no zone to convert.
                    statement.execute("SET TIME ZONE 'Asia/Tokyo'");
                }
                assertTimesAreUtc(connection, "user_events", before, Instant.now());
                assertThat(query(connection, "SELECT user_id, event_type, event_timestamp FROM get_recent_events(3)"))
                        .containsExactlyElementsOf(newestFirst(-1).subList(0, 3));
                assertThat(query(connection, "SELECT user_id, event_type, event_timestamp FROM get_user_events(1, 2)"))
                        .containsExactlyElementsOf(newestFirst(1).subList(0, 2));
                assertThat(query(connection, "SELECT user_id, event_type, event_timestamp FROM get_user_events(2, 10)"))
                        .containsExactlyElementsOf(newestFirst(2));
                assertThat(query(connection, "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'user_events'"
                        + " AND indexname LIKE '%\\_time' ORDER BY indexname")).containsExactly(
                        "user_events_event_type_time CREATE INDEX user_events_event_type_time ON public.user_events "
                                + "USING btree (event_type, event_timestamp DESC)",
                        "user_events_user_id_time CREATE INDEX user_events_user_id_time ON public.user_events "
                                + "USING btree (user_id, event_timestamp DESC)");
            }
        } finally {
            execute(postgres, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    /** event_timestamp is the event's UTC time; processed_at and created_at the UTC time of the run. */
    private static void assertTimesAreUtc(Connection connection, String table, Instant before, Instant after)
            throws SQLException {
        List<String> eventTimes = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT event_timestamp, processed_at, created_at FROM " + table
                     + " ORDER BY source_offset")) {
            while (rows.next()) {
                eventTimes.add(rows.getObject(1, LocalDateTime.class).toString());
                for (int column = 2; column <= 3; column++) {
                    assertThat(rows.getObject(column, LocalDateTime.class)).as("column %d", column).isBetween(
                            utc(before.truncatedTo(ChronoUnit.SECONDS)), utc(after.plusSeconds(1)));
                }
            }
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < USERS.length; i++) {
            expected.add(utc(Instant.ofEpochMilli(FIRST_EVENT + i * 1000L)).toString());
        }
        assertThat(eventTimes).containsExactlyElementsOf(expected).first().isEqualTo("2023-11-29T05:09:27.890");
    }

    /** The events of a user (all with -1), newest first, as the queries above print them. */
    private static List<String> newestFirst(long user) {
        List<Integer> events = new ArrayList<>();
        for (int i = 0; i < USERS.length; i++) {
            if (user < 0 || USERS[i] == user) {
                events.add(i);
            }
        }
        events.sort(Comparator.reverseOrder());
        return events.stream().map(i -> USERS[i] + " " + TYPES[i] + " "
                + utc(Instant.ofEpochMilli(FIRST_EVENT + i * 1000L))).toList();
    }

    private static List<String> query(Connection connection, String sql) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                StringBuilder line = new StringBuilder();
                for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
                    Object value = rows.getMetaData().getColumnTypeName(column).startsWith("timestamp")
                            ? rows.getObject(column, LocalDateTime.class) : rows.getObject(column);
                    line.append(column > 1 ? " " : "").append(value);
                }
                lines.add(line.toString());
            }
        }
        return lines;
    }

    private String sendEvents() throws Exception {
        String topic = "archive-utc-" + id;
        KAFKA.broker().createTopic(topic, 1);
        try (KafkaProducer<byte[], byte[]> producer = ProducerFactory.create(KAFKA.broker().bootstrapServers(), Map.of())) {
            for (int i = 0; i < USERS.length; i++) {
                String event = String.format(Locale.ROOT, "{\"user_id\":%d,\"movie_id\":%d,\"event_type\":\"%s\","
                        + "\"timestamp\":%d}", USERS[i], 10 + i, TYPES[i], FIRST_EVENT + i * 1000L);
                producer.send(new ProducerRecord<>(topic, event.getBytes(StandardCharsets.UTF_8))).get();
            }
        }
        return topic;
    }

    private static LocalDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC).toLocalDateTime();
    }

    private static void execute(TestServers.Database postgres, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(postgres.url(), postgres.user(), postgres.password());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
