package dev.streampatterns.analytics.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampatterns.core.decode.DeadLetter;
import dev.streampatterns.testkit.EventTimes;
import dev.streampatterns.testkit.PatternTestDriver;
import dev.streampatterns.testkit.TestSparkSessions;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The orders pattern on the test driver, fed JSON orders through the orders' own decoder. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class OrderTotalsTest {
    private final SparkSession spark = TestSparkSessions.local();
    private final EventTimes times = EventTimes.fromBase();
    private int nextId;

    private String order(String product, int quantity, String price, double seconds) {
        return "{\"orderId\":\"o-" + (nextId++) + "\",\"product\":\"" + product + "\",\"quantity\":" + quantity
                + ",\"price\":" + price + ",\"timestamp\":\"" + times.instant(seconds) + "\"}";
    }

    private PatternTestDriver driver() {
        return PatternTestDriver.builder(spark, OrderColumns.decoder(OrderColumns.DEFAULT_MAX_CLOCK_SKEW))
                .pattern(new OrderTotals()).start();
    }

    private Row window(double startSeconds, String product, String total, long orders) {
        return RowFactory.create(times.t(startSeconds), times.t(startSeconds + 5), product, new BigDecimal(total), orders);
    }

    @Test
    void twoProductsInOneWindowArePublishedOnceWhenTheWatermarkPassesItsEnd() {
        try (PatternTestDriver driver = driver()) {
            driver.addRecords(order("Mouse", 2, "10.50", 1), order("Keyboard", 1, "25.00", 2), order("Mouse", 1, "10.50", 4));
            assertThat(driver.process()).as("the window [0 s, 5 s) is still open").isEmpty();

            // Watermark 12 s - 5 s = 7 s: past the first window's end, not the second's.
            driver.addRecords(order("Monitor", 1, "140.00", 7), order("Mouse", 3, "10.50", 12));
            assertThat(driver.process()).containsExactlyInAnyOrder(
                    window(0, "Mouse", "31.50", 2), window(0, "Keyboard", "25.00", 1));

            driver.addRecords(order("Keyboard", 1, "25.00", 30));
            assertThat(driver.process()).containsExactlyInAnyOrder(
                    window(5, "Monitor", "140.00", 1), window(10, "Mouse", "31.50", 1));
            assertThat(driver.allOutput()).hasSize(4);
        }
    }

    @Test
    void aLateOrderWithinTheWatermarkIsCountedInItsWindow() {
        try (PatternTestDriver driver = driver()) {
            driver.addRecords(order("Mouse", 1, "10.50", 1), order("Mouse", 1, "10.50", 8));
            assertThat(driver.process()).isEmpty();   // watermark 3 s: [0, 5) still open

            driver.addRecords(order("Mouse", 2, "10.50", 4));   // late, but its window is open
            driver.process();
            driver.addRecords(order("Keyboard", 1, "25.00", 11));   // watermark 6 s closes [0, 5)
            assertThat(driver.process()).containsExactly(window(0, "Mouse", "31.50", 2));
        }
    }

    @Test
    void anOrderWhoseWindowHasClosedIsDroppedAsTooLate() {
        try (PatternTestDriver driver = driver()) {
            driver.addRecords(order("Mouse", 1, "10.50", 1), order("Mouse", 1, "10.50", 20));
            assertThat(driver.process()).containsExactly(window(0, "Mouse", "10.50", 1));   // watermark 15 s

            driver.addRecords(order("Keyboard", 4, "25.00", 3), order("Mouse", 1, "10.50", 14));   // both too late
            driver.addRecords(order("Mouse", 1, "10.50", 40));   // watermark 35 s closes [20, 25)
            driver.process();
            assertThat(driver.allOutput()).containsExactlyInAnyOrder(window(0, "Mouse", "10.50", 1),
                    window(20, "Mouse", "10.50", 1));
            assertThat(driver.droppedByWatermark()).isPositive();
        }
    }

    @Test
    void totalsAreTheExactDecimalSumOfQuantityTimesPrice() {
        String[] prices = {"0.10", "0.20", "10.50", "25.00", "140.00", "0.01", "99999.99"};
        Random random = new Random(11);
        List<String> records = new ArrayList<>();
        Map<Double, BigDecimal> expected = new TreeMap<>();   // window start (s) -> total of product "Cable"
        Map<Double, Long> counts = new TreeMap<>();
        for (int i = 0; i < 600; i++) {
            double second = i * 0.05;   // 30 s of orders, 100 per window
            String price = prices[random.nextInt(prices.length)];
            int quantity = 1 + random.nextInt(4);
            records.add(order("Cable", quantity, price, second));
            double start = Math.floor(second / 5) * 5;
            expected.merge(start, new BigDecimal(price).multiply(BigDecimal.valueOf(quantity)), BigDecimal::add);
            counts.merge(start, 1L, Long::sum);
        }
        records.add(order("Keyboard", 1, "25.00", 60));   // watermark 55 s: closes every window above
        try (PatternTestDriver driver = driver()) {
            driver.addRecords(records.toArray(new String[0]));

            List<Row> want = new ArrayList<>();
            expected.forEach((start, total) -> want.add(window(start, "Cable", total.toPlainString(), counts.get(start))));
            assertThat(driver.process()).containsExactlyInAnyOrderElementsOf(want).hasSize(6);
            assertThat(expected.values()).allSatisfy(total -> assertThat(total.scale()).isEqualTo(2));
        }
    }

    @Test
    void malformedOrdersAndOneFromFarInTheFutureAreDeadLettersAndMoveNoWatermark() {
        String cutOff = "{\"orderId\":\"o-x\",\"prod";
        String quantityAsWord = "{\"orderId\":\"o-y\",\"product\":\"Mouse\",\"quantity\":\"two\",\"price\":10.50,"
                + "\"timestamp\":\"" + times.instant(2) + "\"}";
        String noItems = order("Mouse", 0, "10.50", 2);
        String future = "{\"orderId\":\"o-z\",\"product\":\"Mouse\",\"quantity\":1,\"price\":10.50,"
                + "\"timestamp\":\"2099-01-01T00:00:00Z\"}";
        try (PatternTestDriver driver = driver()) {
            driver.addRecords(order("Mouse", 1, "10.50", 1), cutOff, quantityAsWord, noItems, future);
            driver.process();
            driver.addRecords(order("Keyboard", 1, "25.00", 11));
            assertThat(driver.process()).containsExactly(window(0, "Mouse", "10.50", 1));

            assertThat(driver.deadLetters()).extracting(r -> r.<Long>getAs(DeadLetter.OFFSET)).containsExactly(1L, 2L, 3L, 4L);
            assertThat(driver.deadLetters()).extracting(r -> r.<String>getAs(DeadLetter.REASON))
                    .anySatisfy(reason -> assertThat(reason).contains("quantity").contains("0"))
                    .anySatisfy(reason -> assertThat(reason).contains("timestamp").contains("ahead"));
            assertThat(driver.watermark()).contains(times.instant(6));
        }
    }

    @Test
    void theSummaryHasTheNamedColumnsAndTypes() {
        try (PatternTestDriver driver = driver()) {
            driver.addRecords(order("Mouse", 1, "10.50", 1), order("Mouse", 1, "10.50", 11));
            Row row = driver.process().get(0);
            assertThat(row.schema().fieldNames()).containsExactly(OrderColumns.SUMMARY.fieldNames());
            assertThat(row.schema().fields()).extracting(f -> f.dataType())
                    .containsExactlyElementsOf(List.of(OrderColumns.SUMMARY.fields()).stream().map(f -> f.dataType()).toList());
            assertThat(row.<Timestamp>getAs(OrderColumns.WINDOW_START)).isEqualTo(times.t(0));
        }
    }
}
