package dev.streampatterns.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampatterns.core.sink.OutputFormat;
import dev.streampatterns.testkit.EventTimes;
import dev.streampatterns.testkit.TestSparkSessions;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The documented record formats, on one batch. */
class OutputFormatTest {
    private final SparkSession spark = TestSparkSessions.local();
    private final EventTimes times = EventTimes.fromBase();

    private Dataset<Row> routed() {
        return spark.createDataFrame(List.of(RowFactory.create(times.t(7), "CRITICAL", 300,
                "error rate rising, retries failing on host-4")), AlertColumns.SCHEMA);
    }

    private Dataset<Row> windows() {
        return spark.createDataFrame(List.of(RowFactory.create(times.t(10), times.t(20), "200", 3L)),
                AlertColumns.THRESHOLD_SCHEMA);
    }

    @Test
    void aRoutedAlertInCsvIsTheCourseTsCodeMessageLine() {
        assertThat(new CriticalRouting().toRecords(routed(), OutputFormat.CSV).collectAsList()).containsExactly(
                RowFactory.create("300", "2026-01-01T00:00:07.000Z,300,\"error rate rising, retries failing on host-4\""));
    }

    @Test
    void aThresholdAlertInJsonNamesTheRuleKeyWindowAndCount() {
        assertThat(new WindowedThreshold().toRecords(windows(), OutputFormat.JSON).collectAsList()).containsExactly(
                RowFactory.create("200", "{\"rule\":\"highvolume\",\"keyColumn\":\"code\",\"key\":\"200\","
                        + "\"windowStart\":\"2026-01-01T00:00:10.000Z\",\"windowEnd\":\"2026-01-01T00:00:20.000Z\",\"count\":3}"));
    }

    @Test
    void aThresholdAlertInCsvIsWindowStartWindowEndKeyCount() {
        assertThat(new WindowedThreshold().toRecords(windows(), OutputFormat.CSV).collectAsList()).containsExactly(
                RowFactory.create("200", "2026-01-01T00:00:10.000Z,2026-01-01T00:00:20.000Z,200,3"));
    }
}
