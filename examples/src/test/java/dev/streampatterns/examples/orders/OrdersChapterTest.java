package dev.streampatterns.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampatterns.core.sink.DeadLetterSink;
import dev.streampatterns.examples.ChapterProcess;
import dev.streampatterns.generators.MalformedInjection;
import dev.streampatterns.generators.OrdersDataset;
import dev.streampatterns.servers.KafkaBrokerExtension;
import dev.streampatterns.servers.TopicRecords;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
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

    private final OrdersServers servers = new OrdersServers("orders");

    @Test
    void mariaDbAndRedisHoldExactlyTheClosedWindowsAndASecondRunOnTheCheckpointChangesNothing(@TempDir Path dir)
            throws Exception {
        String output = run(dir.resolve("first"), dir, ORDERS);

        long malformed = MalformedInjection.countFor(ORDERS, MALFORMED);
        assertThat(output).contains(String.format(Locale.ROOT,
                "Done: %,d orders generated (0 of them late) and %,d malformed.", ORDERS, malformed));
        assertThat(output).contains("Running totals in Redis, hash " + servers.redisKey());
        assertThat(output).doesNotContain(servers.password());
        ClosedWindows expected = new ClosedWindows(new OrdersDataset().orders(SEED, ORDERS));
        assertThat(servers.tableRows()).isEqualTo(expected.rows()).hasSizeGreaterThan(250);
        assertThat(servers.redisTotals()).isEqualTo(expected.totals());
        assertThat(TopicRecords.read(KAFKA.bootstrapServers(), servers.topic() + ".dead-letter", (int) malformed,
                Duration.ofSeconds(30))).extracting(letter -> new String(letter.headers()
                .lastHeader(DeadLetterSink.REASON_HEADER).value(), StandardCharsets.UTF_8))
                .allSatisfy(reason -> assertThat(reason).containsAnyOf("malformed JSON", "field 'quantity'"));

        // Again on the same checkpoint, generating nothing: the job reads nothing new and writes nothing.
        run(dir.resolve("second"), dir, 0);
        assertThat(servers.tableRows()).isEqualTo(expected.rows());
        assertThat(servers.redisTotals()).isEqualTo(expected.totals());
    }

    private String run(Path runDir, Path dir, int orders) throws Exception {
        return ChapterProcess.runToEnd(runDir, servers.environment(), servers.chapter(KAFKA.bootstrapServers(),
                dir.resolve("checkpoints"), "--events", String.valueOf(orders), "--rate", "0", "--seed",
                String.valueOf(SEED), "--late-fraction", "0", "--malformed-fraction", String.valueOf(MALFORMED)),
                Duration.ofMinutes(3));
    }
}
