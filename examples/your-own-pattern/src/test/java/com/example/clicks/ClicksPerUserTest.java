package com.example.clicks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.streampatterns.core.pattern.Pattern;
import dev.streampatterns.testkit.EventTimes;
import dev.streampatterns.testkit.PatternTestDriver;
import dev.streampatterns.testkit.TestSparkSessions;
import java.time.Duration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class ClicksPerUserTest {
    private static final StructType CLICKS = new StructType().add("user", "string").add("ts", "timestamp");
    private final EventTimes times = EventTimes.fromBase();   // t(s): 2026-01-01T00:00:00Z plus s seconds

    @Test
    void emitsEachWindowOnceTheWatermarkPassesItsEndAndDropsLaterClicks() {
        Pattern clicksPerUser = new WithoutBots()
                .andThen(new ClicksPerUser(Duration.ofSeconds(10), Duration.ofSeconds(10)));
        try (PatternTestDriver driver = PatternTestDriver.builder(TestSparkSessions.local(), CLICKS)
                .pattern(clicksPerUser)
                .start()) {
            driver.addRows(click("ada", 1), click("ada", 4), click("bot-7", 5));
            assertThat(driver.process()).isEmpty();                // window [0 s, 10 s) still open

            driver.addRows(click("bob", 25));                      // watermark 25 - 10 = 15 s passes 10 s
            assertThat(driver.process())
                    .extracting(row -> row.getString(1), row -> row.getLong(2))
                    .containsExactly(tuple("ada", 2L));            // the bot's click is not counted

            driver.addRows(click("ada", 2));                       // behind the watermark
            assertThat(driver.process()).isEmpty();
            assertThat(driver.droppedByWatermark()).isEqualTo(1);
            assertThat(driver.queryName()).isEqualTo("without-bots-then-clicks-per-user");
        }
    }

    private Row click(String user, double seconds) {
        return RowFactory.create(user, times.t(seconds));
    }
}
