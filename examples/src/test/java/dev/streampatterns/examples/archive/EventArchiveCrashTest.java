package dev.streampatterns.examples.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampatterns.core.sink.DeadLetterSink;
import dev.streampatterns.core.sink.KafkaSink;
import dev.streampatterns.examples.KilledRuns;
import dev.streampatterns.generators.Generator;
import dev.streampatterns.generators.GeneratorOptions;
import dev.streampatterns.generators.MovieEventsDataset;
import dev.streampatterns.generators.MovieEventsDataset.MovieEvent;
import dev.streampatterns.generators.ProducerFactory;
import dev.streampatterns.servers.KafkaBrokerExtension;
import dev.streampatterns.servers.TestServers;
import dev.streampatterns.servers.TopicRecords;
import java.nio.charset.StandardCharsets;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * The event-archive job in a JVM of its own, killed with SIGKILL three times at different points and
 * restarted from its checkpoint each time: at the end PostgreSQL holds every produced event exactly
 * once and every Redis total equals what the generator's seed says was sent — but one, which holds
 * text from the start, so that Redis refuses its increments in every batch: it is never touched, and
 * its refused increments are in the dead letter, each batch's once, adding up to that user's events.
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
    private static final String POISON = "not a number";

    private final TestServers.Database postgres = TestServers.postgres();
    private final TestServers.Redis redis = TestServers.redis();
    private final String table = "crash_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final String redisPrefix = table + ":";

    @Test
    void killedThreeTimesTheArchiveEndsWithEveryEventOnceAndExactTotals(@TempDir Path dir) throws Exception {
        String servers = KAFKA.broker().bootstrapServers();
        KAFKA.broker().createTopic(MovieEventsDataset.DEFAULT_TOPIC, 2);
        try (KafkaProducer<byte[], byte[]> producer = ProducerFactory.create(servers, Map.of())) {
            new Generator(producer, new MovieEventsDataset(), GeneratorOptions.builder().topic(MovieEventsDataset.DEFAULT_TOPIC)
                    .seed(SEED).maxEvents(EVENTS).build()).run();
        }

        List<MovieEvent> sent = MovieEventsDataset.events(SEED, EVENTS);
        // A poison member among good ones: the per-user total of the first event's user holds text, so
        // Redis refuses every increment of it, batch after batch, across the kills.
        String poisoned = Long.toString(sent.get(0).userId());
        try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
            jedis.hset(redisPrefix + "events-per-user", poisoned, POISON);
        }

        try (KilledRuns runs = new KilledRuns(dir, Map.of("POSTGRES_PASSWORD", postgres.password()),
                (run, follow) -> arguments(dir, follow))) {
            for (int killAt : KILL_AT_ROWS) {
                runs.killAt(killAt, this::rows, "the rows of " + table, Duration.ofMinutes(5));
            }
            runs.runToEnd(Duration.ofMinutes(5));
        }

        assertThat(rows()).isEqualTo(EVENTS);
        assertThat(query("SELECT COUNT(*) FROM (SELECT source_partition, source_offset FROM " + table
                + " GROUP BY source_partition, source_offset HAVING COUNT(*) > 1) AS twice")).isZero();

        Map<String, Long> perType = sent.stream().collect(Collectors.groupingBy(MovieEvent::eventType, TreeMap::new,
                Collectors.counting()));
        Map<String, String> perUser = sent.stream().collect(Collectors.groupingBy(e -> Long.toString(e.userId()),
                HashMap::new, Collectors.collectingAndThen(Collectors.counting(), String::valueOf)));
        try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
            Map<String, Long> typeTotals = new TreeMap<>();
            jedis.zrangeWithScores(redisPrefix + "events-per-type", 0, -1)
                    .forEach(t -> typeTotals.put(t.getElement(), (long) t.getScore()));
            assertThat(typeTotals).isEqualTo(perType);
            long poisonedEvents = Long.parseLong(perUser.put(poisoned, POISON));
            assertThat(jedis.hgetAll(redisPrefix + "events-per-user")).isEqualTo(perUser);
            assertThat(deadLetteredIncrements(poisoned)).as("the refused increments of user %s, once per batch", poisoned)
                    .isEqualTo(poisonedEvents);
        }
        for (Map.Entry<String, Long> type : perType.entrySet()) {
            assertThat(query("SELECT events FROM " + table + "_stats WHERE event_type = '" + type.getKey() + "'"))
                    .isEqualTo(type.getValue());
        }
    }

    /**
     * The events of the refused increments of {@code user} in the dead letter, each batch counted once:
     * a batch redone after a kill may write its dead letter again (Kafka dead letters are at least once).
     */
    private static long deadLetteredIncrements(String user) {
        String servers = KAFKA.broker().bootstrapServers();
        String topic = MovieEventsDataset.DEFAULT_TOPIC + ".dead-letter";
        long end;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            end = consumer.endOffsets(List.of(new TopicPartition(topic, 0))).values().iterator().next();
        }
        Map<String, Long> perBatch = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> letter : TopicRecords.read(servers, topic, (int) end, Duration.ofSeconds(30))) {
            String value = new String(letter.value(), StandardCharsets.UTF_8);
            String reason = new String(letter.headers().lastHeader(DeadLetterSink.REASON_HEADER).value(), StandardCharsets.UTF_8);
            assertThat(reason).startsWith("refused by Redis sink 'event-archive.per-user.");
            assertThat(value).startsWith("{\"user_id\":\"" + user + "\",\"events\":");
            Matcher events = Pattern.compile("\"events\":([0-9]+)").matcher(value);
            assertThat(events.find()).isTrue();
            perBatch.put(new String(letter.headers().lastHeader(KafkaSink.BATCH_ID_HEADER).value(), StandardCharsets.UTF_8),
                    Long.parseLong(events.group(1)));
        }
        return perBatch.values().stream().mapToLong(Long::longValue).sum();
    }

    private List<String> arguments(Path dir, boolean follow) {
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
        return args;
    }

    private static String port(String jdbcUrl) {
        String afterHost = jdbcUrl.substring(jdbcUrl.indexOf("//") + 2);
        return afterHost.substring(afterHost.indexOf(':') + 1, afterHost.indexOf('/'));
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
