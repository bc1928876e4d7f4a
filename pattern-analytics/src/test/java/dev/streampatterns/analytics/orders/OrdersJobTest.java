package dev.streampatterns.analytics.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampatterns.core.decode.DeadLetter;
import dev.streampatterns.core.decode.DecodeMode;
import dev.streampatterns.core.job.CheckpointLocations;
import dev.streampatterns.core.job.StreamingJob;
import dev.streampatterns.core.sink.QueryBatch;
import dev.streampatterns.core.sink.RefusalPolicy;
import dev.streampatterns.core.sink.jdbc.JdbcTarget;
import dev.streampatterns.core.sink.redis.RedisEndpoint;
import dev.streampatterns.core.sink.redis.RedisPools;
import dev.streampatterns.servers.TestServers;
import dev.streampatterns.testkit.EventTimes;
import dev.streampatterns.testkit.MemoryKafkaSource;
import dev.streampatterns.testkit.TestSparkSessions;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;

/**
 * The orders job with its ends injected: JSON orders from the testkit's in-memory source, the summary
 * into a table of each database the job supports (embedded H2, and the real PostgreSQL and MariaDB
 * that {@code bin/test} starts) and the running totals into a real Redis. What both hold is computed
 * in the test, in {@link BigDecimal}, from the orders it sent.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class OrdersJobTest {
    /** The course's products, and names a table must keep apart as Spark does: case, a trailing space, UTF-8. */
    private static final String[] PRODUCTS = {"Keyboard", "Mouse", "Monitor", "mouse", "Mouse ", "鼠标"};
    private static final String[] PRICES = {"25.00", "10.50", "140.00", "0.10", "0.20", "99.99"};

    private final SparkSession spark = TestSparkSessions.local();
    private final EventTimes times = EventTimes.fromBase();
    private final String id = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final String table = "orders_" + id;
    private final String redisKey = "orders-test:" + id;
    private final RedisEndpoint redis = RedisEndpoint.of(TestServers.redis().host(), TestServers.redis().port());

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb"})
    void everyClosedWindowIsInTheTableAndTheRedisTotalsExactlyAndAReplayedBatchChangesNothing(String database,
            @TempDir Path dir) throws Exception {
        JdbcTarget target = switch (database) {
            case "postgresql" -> target(TestServers.postgres());
            case "mariadb" -> target(TestServers.mariadb());
            default -> JdbcTarget.embeddedH2(dir.resolve("h2"));
        };
        List<Row> deadLetters = new CopyOnWriteArrayList<>();
        List<OrdersJob.BatchReport> reports = new CopyOnWriteArrayList<>();
        OrdersJob.Sinks sinks = OrdersJob.sinks(target, table, redis, redisKey,
                (rows, batchId) -> deadLetters.addAll(rows.collectAsList()), RefusalPolicy.DEFAULT);
        OrdersJob orders = new OrdersJob(new OrderTotals(), sinks, DecodeMode.PERMISSIVE,
                OrderColumns.DEFAULT_MAX_CLOCK_SKEW, reports::add);

        Random random = new Random(3);
        List<String> sent = new ArrayList<>();
        Map<String, BigDecimal> expectedTotals = new TreeMap<>();   // "window start|product" -> total
        Map<String, Long> expectedCounts = new TreeMap<>();
        for (int i = 0; i < 300; i++) {
            int product = random.nextInt(PRODUCTS.length);
            int quantity = 1 + random.nextInt(4);
            double second = i * 0.1;   // 30 s of orders
            sent.add(order(PRODUCTS[product], quantity, PRICES[product], second));
            String window = times.instant(Math.floor(second / 5) * 5) + "|" + PRODUCTS[product];
            expectedTotals.merge(window, new BigDecimal(PRICES[product]).multiply(BigDecimal.valueOf(quantity)),
                    BigDecimal::add);
            expectedCounts.merge(window, 1L, Long::sum);
        }
        MemoryKafkaSource source = MemoryKafkaSource.of(spark, "orders");
        try (StreamingJob job = StreamingJob.create(spark, CheckpointLocations.temporary())) {
            orders.start(job, source, Duration.ZERO);
            sent.add(150, "{\"orderId\":\"cut off");
            source.addText(sent.toArray(new String[0]));
            job.processAllAvailable();
            source.addText(order("Mouse", 1, "10.50", 40));   // watermark 35 s: closes every window of the 300
            job.processAllAvailable();
        }

        Map<String, String> table = new TreeMap<>();
        try (Connection connection = target.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT window_start, product, total_value, order_count FROM "
                     + this.table)) {
            while (rows.next()) {
                String window = rows.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC) + "|" + rows.getString(2);
                table.put(window, rows.getBigDecimal(3).toPlainString() + " x" + rows.getLong(4));
            }
        }
        Map<String, String> expectedTable = new TreeMap<>();
        expectedTotals.forEach((window, total) -> expectedTable.put(window, total.toPlainString() + " x"
                + expectedCounts.get(window)));
        assertThat(table).isEqualTo(expectedTable);
        assertThat(redisTotals()).isEqualTo(perProduct(expectedTotals));
        assertThat(deadLetters).extracting(r -> r.<Long>getAs(DeadLetter.OFFSET)).containsExactly(150L);

        // The batch that closed the windows, written again under the same query and batch id: skipped.
        OrdersJob.BatchReport closing = reports.stream().filter(r -> !r.windows().isEmpty()).findFirst().orElseThrow();
        QueryBatch replay = new QueryBatch(closing.queryId(), closing.batchId());
        assertThat(sinks.summary().write(spark.createDataFrame(closing.windows(), OrderColumns.SUMMARY), replay).skipped())
                .isTrue();
        assertThat(sinks.totals().write(spark.createDataFrame(closing.windows(), OrderColumns.SUMMARY), replay).skipped())
                .isTrue();
        assertThat(redisTotals()).isEqualTo(perProduct(expectedTotals));
        assertThat(reports).flatExtracting(OrdersJob.BatchReport::windows).hasSize(expectedTable.size());
    }

    private static JdbcTarget target(TestServers.Database database) {
        return JdbcTarget.of(database.url(), database.user(), database.password());
    }

    private String order(String product, int quantity, String price, double seconds) {
        return "{\"orderId\":\"" + UUID.randomUUID() + "\",\"product\":\"" + product + "\",\"quantity\":" + quantity
                + ",\"price\":" + price + ",\"timestamp\":\"" + times.instant(seconds) + "\"}";
    }

    private Map<String, String> redisTotals() {
        try (Jedis jedis = RedisPools.borrow(redis)) {
            return new TreeMap<>(jedis.hgetAll(redisKey));
        }
    }

    private static Map<String, String> perProduct(Map<String, BigDecimal> windowTotals) {
        Map<String, BigDecimal> sums = new TreeMap<>();
        windowTotals.forEach((window, total) -> sums.merge(window.substring(window.indexOf('|') + 1), total, BigDecimal::add));
        Map<String, String> text = new TreeMap<>();
        sums.forEach((product, total) -> text.put(product, total.toPlainString()));
        return text;
    }
}
