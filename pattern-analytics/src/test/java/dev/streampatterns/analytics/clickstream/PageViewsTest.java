package dev.streampatterns.analytics.clickstream;

import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streampatterns.generators.ClickstreamDataset;
import dev.streampatterns.generators.ClickstreamDataset.Click;
import dev.streampatterns.testkit.PatternTestDriver;
import dev.streampatterns.testkit.TestSparkSessions;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Page views per product and category and minute, with exact distinct users, on the driver through the clicks' decoder. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PageViewsTest {
    private final SparkSession spark = TestSparkSessions.local();
    private final ClickstreamEvents events = new ClickstreamEvents();

    private PatternTestDriver driver() {
        return PatternTestDriver.builder(spark, ClickstreamColumns.clicksDecoder(ClickstreamColumns.DEFAULT_MAX_CLOCK_SKEW))
                .pattern(new PageViews()).start();
    }

    private static void send(PatternTestDriver driver, List<Click> clicks) {
        driver.addRecords(clicks.stream().map(Click::json).toArray(String[]::new));
    }

    @Test
    void eachClosedMinuteGivesItsViewsAndItsExactDistinctUsersAndEveryOtherActionIsLeftOut() {
        ClickstreamDataset dataset = new ClickstreamDataset();
        List<Click> clicks = new ArrayList<>();
        for (ClickstreamDataset.Event event : dataset.events(7, 6_000)) {   // one minute of the seed's events
            if (event instanceof Click click) {
                clicks.add(click);
            }
        }
        Instant last = clicks.get(clicks.size() - 1).timestamp();
        // after 6 minutes: the watermark (5 min behind) closes the first minute
        Click closer = events.click("user_1", "prod_001", "view", ofMinutes(7));

        try (PatternTestDriver driver = driver()) {
            send(driver, clicks);
            assertThat(driver.process()).as("nothing closes before the watermark passes a minute's end").isEmpty();
            send(driver, List.of(closer));
            List<Row> closed = driver.process();

            Map<String, Long> views = new TreeMap<>();
            Map<String, Set<String>> users = new TreeMap<>();
            for (Click click : clicks) {
                if (click.action().equals("view")) {
                    String key = click.productId() + "|" + click.category();
                    views.merge(key, 1L, Long::sum);
                    users.computeIfAbsent(key, k -> new HashSet<>()).add(click.userId());
                }
            }
            List<Row> expected = new ArrayList<>();
            views.forEach((key, count) -> expected.add(RowFactory.create(Timestamp.from(ClickstreamEvents.BASE),
                    Timestamp.from(ClickstreamEvents.BASE.plusSeconds(60)), key.split("\\|")[0], key.split("\\|")[1],
                    count, (long) users.get(key).size())));
            assertThat(last).isBefore(ClickstreamEvents.BASE.plusSeconds(60));
            assertThat(closed).containsExactlyInAnyOrderElementsOf(expected).hasSize(5);
            assertThat(closed).allSatisfy(row -> assertThat(row.getLong(5)).isLessThan(row.getLong(4)));
        }
    }

    @Test
    void aViewLateWithinTheWatermarkCountsAndOneAfterItsMinuteClosedIsDroppedAndMalformedJsonIsADeadLetter() {
        try (PatternTestDriver driver = driver()) {
            send(driver, List.of(events.click("user_1", "prod_003", "view", ofSeconds(10)),
                    events.click("user_2", "prod_003", "view", ofMinutes(4))));
            driver.process();
            // 4 min behind the latest: within the 5-minute watermark, counted in minute 0
            send(driver, List.of(events.click("user_2", "prod_003", "view", ofSeconds(20))));
            driver.addRecords("{\"event_id\":\"evt_x\",\"user_id\":");
            driver.process();
            send(driver, List.of(events.click("user_3", "prod_003", "view", ofMinutes(7))));   // closes minute 0
            List<Row> first = driver.process();
            // minute 0 has closed: a view of it now is dropped
            send(driver, List.of(events.click("user_4", "prod_003", "view", ofSeconds(30)),
                    events.click("user_4", "prod_003", "view", ofMinutes(12))));
            List<Row> second = driver.process();

            Timestamp m0 = Timestamp.from(ClickstreamEvents.BASE);
            Timestamp m1 = Timestamp.from(ClickstreamEvents.BASE.plusSeconds(60));
            assertThat(first).containsExactly(RowFactory.create(m0, m1, "prod_003", "clothing", 2L, 2L));
            // the view at 12 min moves the watermark to 7 min: minute 4 closes, minute 12 stays open
            assertThat(second).containsExactly(RowFactory.create(Timestamp.from(ClickstreamEvents.BASE.plusSeconds(240)),
                    Timestamp.from(ClickstreamEvents.BASE.plusSeconds(300)), "prod_003", "clothing", 1L, 1L));
            assertThat(driver.droppedByWatermark()).isEqualTo(1);
            assertThat(driver.deadLetters()).hasSize(1);
        }
    }
}
