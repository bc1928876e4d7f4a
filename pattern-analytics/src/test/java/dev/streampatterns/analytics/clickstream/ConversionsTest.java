package dev.streampatterns.analytics.clickstream;

import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streampatterns.core.decode.DecodedRows;
import dev.streampatterns.generators.ClickstreamDataset;
import dev.streampatterns.generators.ClickstreamDataset.Click;
import dev.streampatterns.generators.ClickstreamDataset.Transaction;
import dev.streampatterns.testkit.PatternTestDriver;
import dev.streampatterns.testkit.TestSparkSessions;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
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
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Conversion per product and 5-minute window of click time, from the stream-stream join of clicks and
 * transactions, on the driver with two named inputs decoded from the generator's JSON.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ConversionsTest {
    private final SparkSession spark = TestSparkSessions.local();
    private final ClickstreamEvents events = new ClickstreamEvents();
    private static final StructType RAW = new StructType().add("value", DataTypes.BinaryType);

    private PatternTestDriver driver() {
        return PatternTestDriver.builder(spark).input("clicks", RAW).input("transactions", RAW)
                .patternOfInputs(in -> new Conversions().apply(
                        valid(ClickstreamColumns.clicksDecoder(ClickstreamColumns.DEFAULT_MAX_CLOCK_SKEW)
                                .decode(in.get("clicks"))),
                        valid(ClickstreamColumns.transactionsDecoder(ClickstreamColumns.DEFAULT_MAX_CLOCK_SKEW)
                                .decode(in.get("transactions")))))
                .start();
    }

    private static org.apache.spark.sql.Dataset<Row> valid(DecodedRows decoded) {
        return decoded.valid();
    }

    private static void send(PatternTestDriver driver, List<? extends ClickstreamDataset.Event> sent) {
        List<Row> clicks = new ArrayList<>();
        List<Row> transactions = new ArrayList<>();
        for (ClickstreamDataset.Event event : sent) {
            Row row = RowFactory.create((Object) event.json().getBytes(StandardCharsets.UTF_8));
            (event instanceof Click ? clicks : transactions).add(row);
        }
        if (!clicks.isEmpty()) {
            driver.addRows("clicks", clicks);
        }
        if (!transactions.isEmpty()) {
            driver.addRows("transactions", transactions);
        }
    }

    @Test
    void aClickTwoPurchasesFollowCountsOnceAndOneWhosePurchaseComesAfterTenMinutesDoesNotConvert() {
        List<ClickstreamDataset.Event> sent = List.of(
                events.click("user_1", "prod_001", "click", ofSeconds(10)),      // two purchases: converts once
                events.purchase("user_1", "prod_001", 1, ofMinutes(2)),
                events.purchase("user_1", "prod_001", 2, ofMinutes(3)),
                events.click("user_2", "prod_001", "click", ofSeconds(20)),      // purchase 10 min 10 s later: not
                events.purchase("user_2", "prod_001", 1, ofSeconds(20).plus(ofMinutes(10)).plusSeconds(10)),
                events.click("user_3", "prod_001", "click", ofSeconds(30)),      // another product bought: not
                events.purchase("user_3", "prod_002", 1, ofMinutes(1)),
                events.click("user_4", "prod_001", "view", ofSeconds(40)),       // a view is not a click
                events.purchase("user_4", "prod_001", 1, ofMinutes(1)),
                events.click("user_5", "prod_001", "click", ofMinutes(1)),       // bought exactly 10 min later: converts
                events.purchase("user_5", "prod_001", 1, ofMinutes(11)),
                events.click("user_6", "prod_001", "click", ofMinutes(2)),       // bought before the click: not
                events.purchase("user_6", "prod_001", 1, ofMinutes(1).plusSeconds(59)));
        try (PatternTestDriver driver = driver()) {
            send(driver, sent);
            assertThat(driver.process()).as("window 0 cannot close while its clicks may still convert").isEmpty();
            // 40 minutes on, on both streams: every click of window 0 has met its purchase or outlived 10 minutes
            send(driver, List.of(events.click("user_9", "prod_005", "click", ofMinutes(40)),
                    events.purchase("user_9", "prod_004", 1, ofMinutes(40))));
            List<Row> closed = driver.process();

            Map<String, long[]> expected = expected(sent, Duration.ofMinutes(10));
            assertThat(expected.get("0|prod_001")).containsExactly(5, 2);
            assertThat(closed).containsExactly(RowFactory.create(Timestamp.from(ClickstreamEvents.BASE),
                    Timestamp.from(ClickstreamEvents.BASE.plusSeconds(300)), "prod_001", 5L, 2L, new BigDecimal("0.4000")));
        }
    }

    @Test
    void aSeedsClicksAndPurchasesGiveTheConversionsComputedHereClickByClick() {
        ClickstreamDataset dataset = new ClickstreamDataset(
                dev.streampatterns.generators.EventClock.of(ClickstreamEvents.BASE, Duration.ofMillis(300)),
                "clickstream", "transactions");
        List<ClickstreamDataset.Event> sent = dataset.events(11, 6_000);   // 30 minutes
        try (PatternTestDriver driver = driver()) {
            send(driver, sent);
            List<Row> closed = new ArrayList<>(driver.process());
            send(driver, List.of(events.click("user_9", "prod_005", "click", ofMinutes(60)),
                    events.purchase("user_9", "prod_004", 1, ofMinutes(60))));
            closed.addAll(driver.process());

            List<Row> expectedRows = new ArrayList<>();
            expected(sent, Duration.ofMinutes(10)).forEach((key, counts) -> {
                long window = Long.parseLong(key.substring(0, key.indexOf('|')));
                Instant start = ClickstreamEvents.BASE.plusSeconds(window * 300);
                expectedRows.add(RowFactory.create(Timestamp.from(start), Timestamp.from(start.plusSeconds(300)),
                        key.substring(key.indexOf('|') + 1), counts[0], counts[1], BigDecimal.valueOf(counts[1])
                                .divide(BigDecimal.valueOf(counts[0]), 4, RoundingMode.HALF_UP)));
            });
            // windows whose clicks end by minute 30; the watermark (60 - 5 min, held back 10 min by the join) closes them all
            assertThat(closed).containsExactlyInAnyOrderElementsOf(expectedRows).hasSize(6 * 5);
        }
    }

    /** Per "window index|product": {clicks, converted clicks}, click by click, by the rule of SPEC section 10. */
    private static Map<String, long[]> expected(List<ClickstreamDataset.Event> sent, Duration attribution) {
        Map<String, long[]> counts = new TreeMap<>();
        for (ClickstreamDataset.Event event : sent) {
            if (event instanceof Click click && click.action().equals("click")) {
                boolean converted = sent.stream().anyMatch(other -> other instanceof Transaction t
                        && t.userId().equals(click.userId()) && t.productId().equals(click.productId())
                        && !t.timestamp().isBefore(click.timestamp())
                        && !t.timestamp().isAfter(click.timestamp().plus(attribution)));
                long window = Duration.between(ClickstreamEvents.BASE, click.timestamp()).toSeconds() / 300;
                long[] c = counts.computeIfAbsent(window + "|" + click.productId(), k -> new long[2]);
                c[0]++;
                c[1] += converted ? 1 : 0;
            }
        }
        return counts;
    }
}
