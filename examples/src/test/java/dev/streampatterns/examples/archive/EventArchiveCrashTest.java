package dev.streampatterns.examples.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampatterns.examples.ChapterProcess;
import dev.streampatterns.generators.Generator;
import dev.streampatterns.generators.GeneratorOptions;
import dev.streampatterns.generators.MovieEventsDataset;
import dev.streampatterns.generators.MovieEventsDataset.MovieEvent;
import dev.streampatterns.generators.ProducerFactory;
import dev.streampatterns.servers.Await;
import dev.streampatterns.servers.KafkaBrokerExtension;
import dev.streampatterns.servers.TestServers;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * The event-archive job in a JVM of its own, killed with SIGKILL three times at different points and
 * restarted from its checkpoint each time: at the end PostgreSQL holds every produced event exactly
 * once and every Redis total equals what the generator's seed says was sent.
 */
// Three runs of the chapter in JVMs of their own, killed and restarted: about two minutes, too
// close to the 5-minute default on a slow machine.
@org.junit.jupiter.api.Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
class EventArchiveCrashTest {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final int EVENTS = 200_000;
    private static final long SEED = 77;
    private static final int[] KILL_AT_ROWS = {30_000, 90_000, 150_000};

    private final TestServers.Database postgres = TestServers.postgres();
    private final TestServers.Redis redis = TestServers.redis();
    private final String table = "crash_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final String redisPrefix = table + ":";
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killWhatIsLeft() {
        // A failed assertion must not leave a job running in the background.
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void killedThreeTimesTheArchiveEndsWithEveryEventOnceAndExactTotals(@TempDir Path dir) throws Exception {
        String servers = KAFKA.broker().bootstrapServers();
        KAFKA.broker().createTopic(MovieEventsDataset.DEFAULT_TOPIC, 2);
        try (KafkaProducer<byte[], byte[]> producer = ProducerFactory.create(servers, Map.of())) {
            new Generator(producer, new MovieEventsDataset(), GeneratorOptions.builder().topic(MovieEventsDataset.DEFAULT_TOPIC)
                    .seed(SEED).maxEvents(EVENTS).build()).run();
        }

        int run = 0;
        for (int killAt : KILL_AT_ROWS) {
            int current = ++run;
            Process job = startJob(dir, current, true);
            try {
                Await.until(Duration.ofMinutes(5), table + " to hold " + killAt + " rows (run " + current + ")", () -> {
                    assertAlive(job, dir, current);
                    return rows() >= killAt;
                });
            } catch (AssertionError e) {
                job.destroyForcibly();
                throw new AssertionError(e.getMessage() + "; rows: " + rows() + "; log of the run:\n" + log(dir, current), e);
            }
            job.destroyForcibly(); // SIGKILL: no shutdown hook, no clean stop
            assertThat(job.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        Process last = startJob(dir, ++run, false);
        assertThat(last.waitFor(5, TimeUnit.MINUTES)).as("final run ends once everything is archived").isTrue();
        assertThat(last.exitValue()).as("final run's exit code; log: %s", log(dir, run)).isZero();

        assertThat(rows()).isEqualTo(EVENTS);
        assertThat(query("SELECT COUNT(*) FROM (SELECT source_partition, source_offset FROM " + table
                + " GROUP BY source_partition, source_offset HAVING COUNT(*) > 1) AS twice")).isZero();

        List<MovieEvent> sent = MovieEventsDataset.events(SEED, EVENTS);
        Map<String, Long> perType = sent.stream().collect(Collectors.groupingBy(MovieEvent::eventType, TreeMap::new,
                Collectors.counting()));
        Map<String, String> perUser = sent.stream().collect(Collectors.groupingBy(e -> Long.toString(e.userId()),
                HashMap::new, Collectors.collectingAndThen(Collectors.counting(), String::valueOf)));
        try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
            Map<String, Long> typeTotals = new TreeMap<>();
            jedis.zrangeWithScores(redisPrefix + "events-per-type", 0, -1)
                    .forEach(t -> typeTotals.put(t.getElement(), (long) t.getScore()));
            assertThat(typeTotals).isEqualTo(perType);
            assertThat(jedis.hgetAll(redisPrefix + "events-per-user")).isEqualTo(perUser);
        }
        for (Map.Entry<String, Long> type : perType.entrySet()) {
            assertThat(query("SELECT events FROM " + table + "_stats WHERE event_type = '" + type.getKey() + "'"))
                    .isEqualTo(type.getValue());
        }
    }

    private Process startJob(Path dir, int run, boolean follow) throws IOException {
        List<String> args = new ArrayList<>(List.of(
                "event-archive", "--bootstrap-servers", KAFKA.broker().bootstrapServers(), "--events", "0",
                "--postgres-host", "127.0.0.1", "--postgres-port", port(postgres.url()), "--postgres-db", "postgres",
                "--postgres-user", postgres.user(), "--table", table,
                "--redis-host", redis.host(), "--redis-port", String.valueOf(redis.port()), "--redis-prefix", redisPrefix,
                "--checkpoint-root", dir.resolve("checkpoints").toString(), "--master", "local[2]",
                "--max-offsets-per-trigger", "20000", "--trigger", "100ms"));
        if (follow) {
            args.add("--follow");
        }
        Process process = ChapterProcess.start(dir, dir.resolve("run-" + run + ".log"),
                Map.of("POSTGRES_PASSWORD", postgres.password()), args);
        started.add(process);
        return process;
    }

    private static String port(String jdbcUrl) {
        String afterHost = jdbcUrl.substring(jdbcUrl.indexOf("//") + 2);
        return afterHost.substring(afterHost.indexOf(':') + 1, afterHost.indexOf('/'));
    }

    private static void assertAlive(Process job, Path dir, int run) {
        if (!job.isAlive()) {
            throw new AssertionError("run " + run + " ended by itself (exit " + job.exitValue() + "): " + log(dir, run));
        }
    }

    private static String log(Path dir, int run) {
        return ChapterProcess.tail(dir.resolve("run-" + run + ".log"), 40);
    }

    private long rows() {
        try {
            return query("SELECT COUNT(*) FROM " + table);
        } catch (IllegalStateException e) {
            return 0; // the first run has not created the table yet
        }
    }

    private long query(String sql) {
        try (Connection c = DriverManager.getConnection(postgres.url(), postgres.user(), postgres.password());
             Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
