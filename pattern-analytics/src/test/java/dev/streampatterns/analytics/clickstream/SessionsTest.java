package dev.streampatterns.analytics.clickstream;

import static java.time.Duration.ofMinutes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streampatterns.generators.ClickstreamDataset.Click;
import dev.streampatterns.testkit.PatternTestDriver;
import dev.streampatterns.testkit.TestSparkSessions;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Sessions closed after 30 minutes of event-time inactivity, on the driver through the clicks' decoder. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SessionsTest {
    private final SparkSession spark = TestSparkSessions.local();
    private final ClickstreamEvents events = new ClickstreamEvents();

    private PatternTestDriver driver() {
        return PatternTestDriver.builder(spark, ClickstreamColumns.clicksDecoder(ClickstreamColumns.DEFAULT_MAX_CLOCK_SKEW))
                .pattern(new Sessions()).start();
    }

    private static void send(PatternTestDriver driver, Click... clicks) {
        driver.addRecords(java.util.Arrays.stream(clicks).map(Click::json).toArray(String[]::new));
    }

    private static Row session(String id, String user, Duration start, Duration end, long count) {
        return RowFactory.create(id, user, Timestamp.from(ClickstreamEvents.at(start)), Timestamp.from(ClickstreamEvents.at(end)),
                count, end.minus(start).toSeconds(), "completed");
    }

    @Test
    void aSessionClosesWhenTheWatermarkPassesItsLastEventPlusThirtyMinutesAndALateEventExtendsIt() {
        try (PatternTestDriver driver = driver()) {
            send(driver, events.click("user_1", "s1", "prod_001", "view", Duration.ofMillis(600)),
                    events.click("user_1", "s1", "prod_002", "click", ofMinutes(10)),
                    events.click("user_2", "s2", "prod_003", "view", ofMinutes(5)));
            send(driver, events.click("user_3", "s3", "prod_004", "view", ofMinutes(20)));
            driver.process();
            // late by 3 minutes (within the 5-minute watermark): s1 now runs to minute 17; 1,019.8 s long: 1,019 whole seconds
            send(driver, events.click("user_1", "s1", "prod_003", "add_to_cart", ofMinutes(17).plusMillis(400)));
            driver.process();
            // watermark 45 - 5 = 40 min: s2 (last 5 + 30 = 35) closes; s1 (17 + 30 = 47) and s3 (50) stay open
            send(driver, events.click("user_4", "s4", "prod_001", "view", ofMinutes(45)));
            List<Row> first = driver.process();
            assertThat(first).containsExactly(session("s2", "user_2", ofMinutes(5), ofMinutes(5), 1));

            // watermark 56 min: s1 and s3 close; an event of s2 now is too late and dropped
            send(driver, events.click("user_2", "s2", "prod_001", "view", ofMinutes(6)),
                    events.click("user_5", "s5", "prod_001", "view", ofMinutes(61)));
            List<Row> second = driver.process();
            assertThat(second).containsExactlyInAnyOrder(session("s1", "user_1", Duration.ofMillis(600), ofMinutes(17).plusMillis(400), 3),
                    session("s3", "user_3", ofMinutes(20), ofMinutes(20), 1));
            assertThat(driver.droppedByWatermark()).isEqualTo(1);
        }
    }

    @Test
    void eventsOfOneSessionIdMoreThanThirtyMinutesApartAreTwoSessionsAndABatchOfNoValidClickGivesNothing() {
        try (PatternTestDriver driver = driver()) {
            driver.addRecords("{\"event_id\":\"evt_x\",\"user_id\":");
            assertThat(driver.process()).isEmpty();
            assertThat(driver.deadLetters()).as("the batch ran: its one record is a dead letter").hasSize(1);
            send(driver, events.click("user_1", "s1", "prod_001", "view", ofMinutes(0)),
                    events.click("user_1", "s1", "prod_001", "view", ofMinutes(31)),
                    events.click("user_1", "s1", "prod_001", "click", ofMinutes(40)));
            // watermark 35 min: the first session (0 + 30) closes at once, the second (40 + 30) later
            assertThat(driver.process()).containsExactly(session("s1", "user_1", ofMinutes(0), ofMinutes(0), 1));
            send(driver, events.click("user_9", "s9", "prod_001", "view", ofMinutes(120)));
            assertThat(driver.process()).containsExactly(session("s1", "user_1", ofMinutes(31), ofMinutes(40), 2));
        }
    }
}
