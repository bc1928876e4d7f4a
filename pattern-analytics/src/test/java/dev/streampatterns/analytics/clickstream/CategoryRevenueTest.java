package dev.streampatterns.analytics.clickstream;

import static java.time.Duration.ofMinutes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streampatterns.generators.ClickstreamDataset;
import dev.streampatterns.generators.ClickstreamDataset.Transaction;
import dev.streampatterns.testkit.PatternTestDriver;
import dev.streampatterns.testkit.TestSparkSessions;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Revenue per category and 5-minute window, in decimals, on the driver through the transactions' decoder. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CategoryRevenueTest {
    private final SparkSession spark = TestSparkSessions.local();
    private final ClickstreamEvents events = new ClickstreamEvents();

    @Test
    void eachClosedWindowGivesItsCountTotalAndAverageToTheCentAndABadAmountIsADeadLetter() {
        ClickstreamDataset dataset = new ClickstreamDataset(
                dev.streampatterns.generators.EventClock.of(ClickstreamEvents.BASE, Duration.ofMillis(100)),
                "clickstream", "transactions");
        List<Transaction> sent = new ArrayList<>();
        for (ClickstreamDataset.Event event : dataset.events(3, 6_000)) {   // 10 minutes
            if (event instanceof Transaction transaction) {
                sent.add(transaction);
            }
        }
        try (PatternTestDriver driver = PatternTestDriver.builder(spark,
                ClickstreamColumns.transactionsDecoder(ClickstreamColumns.DEFAULT_MAX_CLOCK_SKEW))
                .pattern(new CategoryRevenue()).start()) {
            driver.addRecords(sent.stream().map(Transaction::json).toArray(String[]::new));
            driver.addRecords("{\"transaction_id\":\"txn_neg\",\"user_id\":\"user_1\",\"product_id\":\"prod_004\","
                    + "\"category\":\"books\",\"amount\":-19.99,\"quantity\":1,\"timestamp\":\"2026-01-01T00:01:00Z\"}");
            driver.process();
            driver.addRecords(events.purchase("user_1", "prod_004", 1, ofMinutes(16)).json());   // closes minutes 0-10
            List<Row> closed = driver.process();

            Map<String, BigDecimal> totals = new TreeMap<>();
            Map<String, Long> counts = new TreeMap<>();
            for (Transaction t : sent) {
                String key = Duration.between(ClickstreamEvents.BASE, t.timestamp()).toMinutes() / 5 + "|" + t.category();
                totals.merge(key, t.amount(), BigDecimal::add);
                counts.merge(key, 1L, Long::sum);
            }
            List<Row> expected = new ArrayList<>();
            totals.forEach((key, total) -> {
                Instant start = ClickstreamEvents.BASE.plus(ofMinutes(5 * Long.parseLong(key.split("\\|")[0])));
                long count = counts.get(key);
                expected.add(RowFactory.create(Timestamp.from(start), Timestamp.from(start.plus(ofMinutes(5))),
                        key.split("\\|")[1], count, total, total.divide(BigDecimal.valueOf(count), 2, RoundingMode.HALF_UP)));
            });
            assertThat(closed).containsExactlyInAnyOrderElementsOf(expected).hasSize(2 * 4);
            assertThat(driver.deadLetters()).extracting(r -> r.<String>getAs("reason"))
                    .containsExactly("field 'amount' is -19.99, outside [0, 9999999999]");
        }
    }
}
