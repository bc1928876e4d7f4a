package dev.streampatterns.leaderboards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampatterns.core.decode.DeadLetter;
import dev.streampatterns.testkit.EventTimes;
import dev.streampatterns.testkit.PatternTestDriver;
import dev.streampatterns.testkit.TestSparkSessions;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Minutes viewed per user in 5-second windows, on the driver, fed the course's CSV lines through the views' decoder. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MinutesPerUserWindowTest {
    private final SparkSession spark = TestSparkSessions.local();
    private final EventTimes times = EventTimes.fromBase();

    private String view(String user, String topic, int minutes, double seconds) {
        return "\"" + times.instant(seconds) + "\",\"" + user + "\",\"" + topic + "\"," + minutes;
    }

    private Row window(double start, String user, long minutes) {
        return RowFactory.create(times.t(start), times.t(start + 5), user, minutes);
    }

    private PatternTestDriver driver() {
        return PatternTestDriver.builder(spark, ViewColumns.decoder(ViewColumns.DEFAULT_MAX_CLOCK_SKEW))
                .pattern(new MinutesPerUserWindow()).start();
    }

    @Test
    void eachUsersMinutesArePublishedOncePerWindowWhenTheWatermarkPassesItsEnd() {
        try (PatternTestDriver driver = driver()) {
            driver.addRecords(view("user1", "AI", 4, 1), view("user2", "Cloud", 6, 2), view("user1", "BigData", 3, 4));
            assertThat(driver.process()).isEmpty();

            driver.addRecords(view("user1", "AI", 2, 7), view("user2", "AI", 1, 11));   // watermark 6 s
            assertThat(driver.process()).containsExactlyInAnyOrder(window(0, "user1", 7), window(0, "user2", 6));

            driver.addRecords(view("user3", "CI_CD", 5, 30));   // watermark 25 s
            assertThat(driver.process()).containsExactlyInAnyOrder(window(5, "user1", 2), window(10, "user2", 1));
        }
    }

    @Test
    void aLateViewWithinTheWatermarkIsCountedAndOneWhoseWindowClosedIsDropped() {
        try (PatternTestDriver driver = driver()) {
            driver.addRecords(view("user1", "AI", 1, 1), view("user1", "AI", 1, 8));   // watermark 3 s
            driver.process();
            driver.addRecords(view("user1", "AI", 5, 4));   // late, [0, 5) still open
            driver.process();
            driver.addRecords(view("user1", "AI", 1, 20));   // watermark 15 s closes [0, 5) and [5, 10)
            assertThat(driver.process()).containsExactlyInAnyOrder(window(0, "user1", 6), window(5, "user1", 1));

            driver.addRecords(view("user1", "AI", 9, 2), view("user1", "AI", 1, 40));   // 2 s: too late
            assertThat(driver.process()).containsExactly(window(20, "user1", 1));
            assertThat(driver.droppedByWatermark()).isPositive();
        }
    }

    @Test
    void malformedLinesAreDeadLettersWithTheirOffsets() {
        try (PatternTestDriver driver = driver()) {
            driver.addRecords(view("user1", "AI", 4, 1), "\"last tuesday\",\"user2\",\"AI\",3",
                    "\"" + times.instant(2) + "\",\"user2\",\"Cloud\",many", "\"" + times.instant(3) + "\",\"user2\"",
                    view("user2", "AI", 2000, 3), view("user1", "AI", 1, 11));
            assertThat(driver.process()).containsExactly(window(0, "user1", 4));
            assertThat(driver.deadLetters()).extracting(r -> r.<Long>getAs(DeadLetter.OFFSET)).containsExactly(1L, 2L, 3L, 4L);
        }
    }
}
