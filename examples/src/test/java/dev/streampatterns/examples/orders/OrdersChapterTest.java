package dev.streampatterns.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampatterns.core.sink.DeadLetterSink;
import dev.streampatterns.examples.ChapterProcess;
import dev.streampatterns.generators.MalformedInjection;
import dev.streampatterns.generators.OrdersDataset;
import dev.streampatterns.servers.KafkaBrokerExtension;
import dev.streampatterns.servers.TestServers;
import dev.streampatterns.servers.TopicRecords;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/run-example chapter2-orders} as a user runs it, in a JVM of its own, on the embedded
 * broker with a real MariaDB and Redis: the table and the hash read back equal what the generator's
 * seed says was sent, to the cent, and a second run on the same checkpoint changes nothing.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class OrdersChapterTest {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final int ORDERS = 2_000;
    private static final long SEED = 5;
    private static final double MALFORMED = 0.01;

    private final TestServers.Database mariadb = TestServers.mariadb();
    private final TestServers.Redis redis = TestServers.redis();
    private final String id = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final String table = "orders_" + id;
    private final String redisKey = "orders-" + id + ":total-per-product";
    private final String topic = "orders-" + id;

    @Test
    void mariaDbAndRedisHoldExactlyTheClosedWindowsAndASecondRunOnTheCheckpointChangesNothing(@TempDir Path dir)
            throws Exception {
        String output = run(dir.resolve("first"), dir, ORDERS);

        assertThat(output).contains(String.format(java.util.Locale.ROOT,
                "Done: %,d orders generated (0 of them late) and %,d malformed.", ORDERS,
                MalformedInjection.countFor(ORDERS, MALFORMED)));
        assertThat(output).contains("Running totals in Redis, hash " + redisKey);
        assertThat(output).doesNotContain(mariadb.password());
        ClosedWindows expected = new ClosedWindows(new OrdersDataset().orders(SEED, ORDERS));
        assertThat(ClosedWindows.inTable(mariadb.url(), mariadb.user(), mariadb.password(), table))
                .isEqualTo(expected.rows()).hasSizeGreaterThan(250);
        assertThat(ClosedWindows.inRedis(redis.host(), redis.port(), redisKey)).isEqualTo(expected.totals());

        List<ConsumerRecord<byte[], byte[]>> deadLetters = TopicRecords.read(KAFKA.bootstrapServers(),
                topic + ".dead-letter", (int) MalformedInjection.countFor(ORDERS, MALFORMED), Duration.ofSeconds(30));
        assertThat(deadLetters).extracting(letter -> new String(letter.headers().lastHeader(DeadLetterSink.REASON_HEADER)
                .value(), StandardCharsets.UTF_8)).allSatisfy(reason -> assertThat(reason).containsAnyOf(
                        "malformed JSON", "field 'quantity'"));

        // Again on the same checkpoint, generating nothing: the job reads nothing new and writes nothing.
        run(dir.resolve("second"), dir, 0);
        assertThat(ClosedWindows.inTable(mariadb.url(), mariadb.user(), mariadb.password(), table))
                .isEqualTo(expected.rows());
        assertThat(ClosedWindows.inRedis(redis.host(), redis.port(), redisKey)).isEqualTo(expected.totals());
    }

    private String run(Path runDir, Path dir, int orders) throws Exception {
        return ChapterProcess.runToEnd(runDir, Map.of("SSP_JDBC_PASSWORD", mariadb.password()), List.of(
                "chapter2-orders", "--bootstrap-servers", KAFKA.bootstrapServers(), "--topic", topic,
                "--dead-letter-topic", topic + ".dead-letter", "--events", String.valueOf(orders), "--rate", "0",
                "--seed", String.valueOf(SEED), "--late-fraction", "0", "--malformed-fraction", String.valueOf(MALFORMED),
                "--jdbc-url", mariadb.url(), "--jdbc-user", mariadb.user(), "--table", table,
                "--redis-host", redis.host(), "--redis-port", String.valueOf(redis.port()), "--redis-key", redisKey,
                "--checkpoint-root", dir.resolve("checkpoints").toString(), "--master", "local[2]"), Duration.ofMinutes(3));
    }
}
