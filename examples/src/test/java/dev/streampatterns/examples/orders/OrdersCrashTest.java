package dev.streampatterns.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampatterns.examples.KilledRuns;
import dev.streampatterns.generators.Generator;
import dev.streampatterns.generators.GeneratorOptions;
import dev.streampatterns.generators.OrdersDataset;
import dev.streampatterns.generators.ProducerFactory;
import dev.streampatterns.servers.KafkaBrokerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The orders chapter in a JVM of its own over 100,000 orders, killed with SIGKILL twice while it
 * writes and restarted from its checkpoint: at the end MariaDB holds every closed window once with
 * its exact total and count, and every Redis total is exact to the cent — no batch redone after a
 * kill doubled an increment, and none was lost.
 */
// Three runs of the chapter in JVMs of their own: one to two minutes, too close to the 5-minute
// default on a slow machine.
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class OrdersCrashTest {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final int ORDERS = 100_000;
    private static final long SEED = 19;
    /** 100,000 orders close about 15,000 windows and products; a batch of 10,000 orders about 1,500. */
    private static final long[] KILL_AT_ROWS = {3_000, 9_000};
    /** Batches of 10,000 orders, read from what the generator sent before the first run. */
    private static final String[] TO_THE_END = {"--events", "0", "--max-offsets-per-trigger", "10000", "--trigger", "100ms"};
    private static final String[] FOLLOWING = {"--events", "0", "--max-offsets-per-trigger", "10000", "--trigger", "100ms",
        "--follow"};

    private final OrdersServers servers = new OrdersServers("orders_crash");

    @Test
    void killedTwiceTheJobEndsWithEveryClosedWindowOnceAndExactTotals(@TempDir Path dir) throws Exception {
        // One partition: with two, a batch could end further ahead in one than the watermark delay, and drop orders.
        KAFKA.createTopic(servers.topic(), 1);
        try (KafkaProducer<byte[], byte[]> producer = ProducerFactory.create(KAFKA.bootstrapServers(), Map.of())) {
            new Generator(producer, new OrdersDataset(), GeneratorOptions.builder().topic(servers.topic()).seed(SEED)
                    .maxEvents(ORDERS).build()).run();
        }

        try (KilledRuns runs = new KilledRuns(dir, servers.environment(), (run, follow) -> servers.chapter(
                KAFKA.bootstrapServers(), dir.resolve("checkpoints"), follow ? FOLLOWING : TO_THE_END))) {
            for (long killAt : KILL_AT_ROWS) {
                runs.killAt(killAt, servers::tableRowCount, "the rows of the summary table", Duration.ofMinutes(4));
            }
            runs.runToEnd(Duration.ofMinutes(4));
        }

        ClosedWindows expected = new ClosedWindows(new OrdersDataset().orders(SEED, ORDERS));
        assertThat(servers.tableRows()).isEqualTo(expected.rows()).hasSizeGreaterThan(14_000);
        assertThat(servers.redisTotals()).isEqualTo(expected.totals());
    }
}
