package dev.streampatterns.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.streampatterns.core.decode.DeadLetter;
import dev.streampatterns.testkit.EventTimes;
import dev.streampatterns.testkit.PatternTestDriver;
import dev.streampatterns.testkit.TestSparkSessions;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 18, point 6: five alerts for code 300 at 00:00:0x, one stamped 2099, ten more at 00:00:1x
 * and 00:00:3x. Without the clock-skew guard the 2099 alert moves the watermark to 2099 and the ten
 * are dropped as too late; with it, the 2099 alert is a dead letter and both closed windows publish.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FutureAlertsTest {
    private static final StructType LINES = new StructType()
            .add("value", DataTypes.StringType).add("offset", DataTypes.LongType);
    private static final EventTimes TIMES = EventTimes.fromBase();   // 2026-01-01T00:00:00Z, before today

    private long offset;

    private Row alert(Instant at) {
        return RowFactory.create("\"" + at + "\",\"HIGH\",\"300\",\"queue depth\"", offset++);
    }

    private List<Row> alerts(double... seconds) {
        List<Row> rows = new ArrayList<>();
        for (double second : seconds) {
            rows.add(alert(TIMES.instant(second)));
        }
        return rows;
    }

    @Test
    void anAlertFarAheadOfTheClockIsADeadLetterAndMovesNoWatermark() {
        WindowedThreshold threshold = new WindowedThreshold();   // more than 2 per code, 10 s windows, watermark 10 s
        try (PatternTestDriver windows = PatternTestDriver.builder(TestSparkSessions.local(), LINES)
                     .pattern(rows -> threshold.apply(AlertColumns.eventTimeDecoder(Duration.ofHours(1)).decode(rows).valid()))
                     .start();
             PatternTestDriver deadLetters = PatternTestDriver.builder(TestSparkSessions.local(), LINES)
                     .pattern(rows -> AlertColumns.eventTimeDecoder(Duration.ofHours(1)).decode(rows).deadLetters())
                     .start()) {
            List<List<Row>> batches = List.of(
                    alerts(1, 2, 3, 4, 5),
                    List.of(alert(Instant.parse("2099-01-01T00:00:00Z"))),
                    alerts(11, 12, 13, 14, 15),
                    alerts(31, 32, 33, 34, 35));
            for (List<Row> batch : batches) {
                windows.addRows(batch);
                windows.process();
                deadLetters.addRows(batch);
                deadLetters.process();
            }

            // The watermark is 35 - 10 = 25 s: [0 s, 10 s) and [10 s, 20 s) are closed, [30 s, 40 s) is not.
            assertThat(windows.allOutput())
                    .extracting(r -> r.<Timestamp>getAs(AlertColumns.WINDOW_START).toInstant(),
                            r -> r.<String>getAs(AlertColumns.KEY), r -> r.<Long>getAs(AlertColumns.COUNT))
                    .containsExactlyInAnyOrder(tuple(TIMES.instant(0), "300", 5L), tuple(TIMES.instant(10), "300", 5L));
            assertThat(windows.droppedByWatermark()).isZero();
            assertThat(deadLetters.allOutput()).singleElement().satisfies(dead -> {
                assertThat(dead.<Long>getAs(DeadLetter.OFFSET)).isEqualTo(5L);
                assertThat(dead.<String>getAs(DeadLetter.REASON)).startsWith(
                        "field 'timestamp' is 2099-01-01T00:00:00.000, more than PT1H ahead of the processing time 20");
            });
        }
    }
}
