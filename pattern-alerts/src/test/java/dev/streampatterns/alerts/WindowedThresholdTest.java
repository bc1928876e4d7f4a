package dev.streampatterns.alerts;

import static dev.streampatterns.alerts.AlertRows.alert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.streampatterns.testkit.PatternTestDriver;
import dev.streampatterns.testkit.TestSparkSessions;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.OutputMode;
import org.junit.jupiter.api.Test;

/**
 * The SPEC's threshold rule (more than 2 alerts per code in 10-second windows, watermark 10 s) on the
 * test driver, batch by batch, against {@link ThresholdModel}.
 */
class WindowedThresholdTest {

    private static PatternTestDriver driver() {
        return PatternTestDriver.builder(TestSparkSessions.local(), AlertColumns.SCHEMA)
                .pattern(new WindowedThreshold()::apply).outputMode(OutputMode.Append()).start();
    }

    @Test
    void aWindowWithExactlyTheThresholdCountRaisesNothingAndOneAboveItRaisesOneAlertWhenItCloses() {
        ThresholdModel model = ThresholdModel.spec();
        List<Row> first = List.of(alert(1, "HIGH", 100), alert(4, "CRITICAL", 100),
                alert(2, "ELEVATED", 200), alert(5, "HIGH", 200), alert(9, "CRITICAL", 200));
        List<Row> second = List.of(alert(25, "HIGH", 300));
        try (PatternTestDriver driver = driver()) {
            driver.addRows(first);
            assertThat(driver.process()).as("window [0 s, 10 s) still open").isEqualTo(model.batch(first)).isEmpty();

            driver.addRows(second);
            List<Row> published = driver.process();
            List<Row> expected = model.batch(second);
            assertThat(published).containsExactlyInAnyOrderElementsOf(expected);
            // Code 100 had exactly 2 (the threshold), code 200 had 3.
            assertThat(expected).extracting(r -> r.getString(2), r -> r.getLong(3)).containsExactly(
                    tuple("200", 3L));

            driver.addRows(List.of(alert(40, "HIGH", 300)));
            assertThat(driver.process()).as("a window is published once").isEmpty();
        }
    }

    @Test
    void anAlertLateButWithinTheWatermarkIsCounted() {
        ThresholdModel model = ThresholdModel.spec();
        List<List<Row>> batches = List.of(
                List.of(alert(1, "HIGH", 100), alert(2, "HIGH", 100), alert(15, "ELEVATED", 200)),
                List.of(alert(3, "CRITICAL", 100)),    // 12 s behind the stream, window [0, 10) still open
                List.of(alert(30, "HIGH", 400)));
        try (PatternTestDriver driver = driver()) {
            ThresholdModel.Run run = model.feed(driver, batches);
            assertThat(run.published()).containsExactlyInAnyOrderElementsOf(run.expected());
            assertThat(run.expected()).extracting(r -> r.getString(2), r -> r.getLong(3))
                    .containsExactly(tuple("100", 3L));
            assertThat(driver.droppedByWatermark()).isEqualTo(model.dropped()).isZero();
        }
    }

    @Test
    void anAlertBehindTheWatermarkIsDroppedAndCountedAsDropped() {
        ThresholdModel model = ThresholdModel.spec();
        List<List<Row>> batches = List.of(
                List.of(alert(1, "HIGH", 100), alert(2, "HIGH", 100), alert(25, "ELEVATED", 200)),
                List.of(alert(4, "CRITICAL", 100)),    // window [0, 10) closed at watermark 15 s
                List.of(alert(40, "HIGH", 400)));
        try (PatternTestDriver driver = driver()) {
            ThresholdModel.Run run = model.feed(driver, batches);
            assertThat(run.published()).containsExactlyInAnyOrderElementsOf(run.expected()).isEmpty();
            assertThat(driver.droppedByWatermark()).isEqualTo(model.dropped()).isEqualTo(1);
        }
    }
}
