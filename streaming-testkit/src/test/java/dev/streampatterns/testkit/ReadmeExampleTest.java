package dev.streampatterns.testkit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.window;
import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The custom-pattern example of the root README, kept here so that it keeps working as written. */
class ReadmeExampleTest {
    private final EventTimes times = EventTimes.fromBase();

    @Test
    void countsClicksPerUserInTenSecondWindows() {
        StructType input = new StructType().add("user", "string").add("ts", "timestamp");
        try (PatternTestDriver driver = PatternTestDriver.builder(TestSparkSessions.local(), input)
                .pattern(clicks -> clicks.withWatermark("ts", "10 seconds")
                        .groupBy(window(col("ts"), "10 seconds"), col("user")).count())
                .outputMode(OutputMode.Append())
                .start()) {
            driver.addRows(RowFactory.create("ada", times.t(1)), RowFactory.create("ada", times.t(4)));
            assertThat(driver.process()).isEmpty();                  // window still open
            driver.addRows(RowFactory.create("bob", times.t(25)));   // the watermark passes 10 s
            assertThat(driver.process()).extracting(r -> r.getLong(2)).containsExactly(2L);
            driver.addRows(RowFactory.create("ada", times.t(2)));    // behind the watermark
            driver.process();
            assertThat(driver.droppedByWatermark()).isEqualTo(1);
        }
    }
}
