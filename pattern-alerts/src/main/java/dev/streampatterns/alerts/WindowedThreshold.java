package dev.streampatterns.alerts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.window;

import dev.streampatterns.core.pattern.Intervals;
import dev.streampatterns.core.pattern.LateEvents;
import dev.streampatterns.core.sink.OutputFormat;
import java.time.Duration;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Windowed thresholds: per value of a key column, count the alerts of the chosen levels in tumbling
 * event-time windows; a window whose count is above the threshold ({@code count > threshold}) gives
 * one row {@code windowStart, windowEnd, key, count} ({@link AlertColumns#THRESHOLD_SCHEMA}).
 *
 * <p>Semantics: output mode <b>append</b>, so each window is published <b>once, when it closes</b>:
 * when the watermark (the latest event time seen, minus the watermark delay) reaches the window's
 * end. The watermark follows every alert of the input, whatever its level. An alert that arrives
 * late but whose window is still open is counted; one whose window has closed (window end at or
 * before the watermark) is dropped by Spark. The events entering and the windows leaving are
 * marked for {@link LateEvents} under the rule's name, which counts the dropped alerts exactly
 * (Spark's {@code numRowsDroppedByWatermark} counts rows after partial aggregation, not alerts).
 * State: one count per open window and key, removed when the
 * window closes. Windows with a count at or below the threshold are never published.
 *
 * <p>As records ({@link #toRecords}): key = the key's value; value in JSON
 * {@code {"rule":"highvolume","keyColumn":"code","key":"200","windowStart":"2026-01-01T00:00:10.000Z","windowEnd":"2026-01-01T00:00:20.000Z","count":3}}
 * or in CSV {@code windowStart,windowEnd,key,count}.
 */
public final class WindowedThreshold implements AlertPattern {
    private static final long serialVersionUID = 1L;
    public static final String DEFAULT_KEY_COLUMN = AlertColumns.CODE;
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);
    public static final Duration DEFAULT_WATERMARK = Duration.ofSeconds(10);
    public static final long DEFAULT_THRESHOLD = 2;
    private static final String WINDOW = "window";

    private final String name;
    private final List<String> levels;
    private final String keyColumn;
    private final Duration window;
    private final Duration watermark;
    private final long threshold;

    /**
     * @param levels    the levels counted; every level when empty
     * @param keyColumn the column counted per value (code, level or message)
     * @param window    length of the tumbling windows, positive
     * @param watermark how far behind the latest event time an alert may arrive and still be counted
     * @param threshold a window is published when its count is strictly above this
     */
    public WindowedThreshold(String name, List<String> levels, String keyColumn, Duration window, Duration watermark,
                             long threshold) {
        if (!AlertColumns.KEY_COLUMNS.contains(keyColumn)) {
            throw new IllegalArgumentException("key column '" + keyColumn + "'; accepted: " + AlertColumns.KEY_COLUMNS);
        }
        if (window.toMillis() < 1 || watermark.isNegative() || threshold < 0) {
            throw new IllegalArgumentException("window must be at least 1 ms, watermark and threshold not negative: "
                    + window + ", " + watermark + ", " + threshold);
        }
        this.name = name;
        this.levels = List.copyOf(levels);
        this.keyColumn = keyColumn;
        this.window = window;
        this.watermark = watermark;
        this.threshold = threshold;
    }

    /** The SPEC's rule: more than 2 alerts of any level per code in 10-second windows, watermark 10 s. */
    public WindowedThreshold() {
        this("highvolume", List.of(), DEFAULT_KEY_COLUMN, DEFAULT_WINDOW, DEFAULT_WATERMARK, DEFAULT_THRESHOLD);
    }

    @Override
    public String name() {
        return name;
    }

    public String keyColumn() {
        return keyColumn;
    }

    @Override
    public boolean stateful() {
        return true;
    }

    @Override
    public String describe() {
        return "more than " + threshold + " alerts of " + AlertRules.levelsText(levels) + " per " + keyColumn
                + " in " + window.toMillis() + " ms windows, watermark " + watermark.toMillis() + " ms";
    }

    @Override
    public Dataset<Row> apply(Dataset<Row> alerts) {
        Dataset<Row> timed = alerts.withWatermark(AlertColumns.TIMESTAMP, Intervals.of(watermark));
        Dataset<Row> chosen = levels.isEmpty() ? timed : timed.where(col(AlertColumns.LEVEL).isin(levels.toArray()));
        Dataset<Row> windows = LateEvents.entering(chosen, name)
                .groupBy(window(col(AlertColumns.TIMESTAMP), Intervals.of(window)).as(WINDOW), col(keyColumn))
                .count();
        return LateEvents.emitted(windows, name, AlertColumns.COUNT)
                .where(col(AlertColumns.COUNT).gt(threshold))
                .select(col(WINDOW + ".start").as(AlertColumns.WINDOW_START),
                        col(WINDOW + ".end").as(AlertColumns.WINDOW_END),
                        col(keyColumn).cast(DataTypes.StringType).as(AlertColumns.KEY),
                        col(AlertColumns.COUNT));
    }

    @Override
    public Dataset<Row> toRecords(Dataset<Row> windows, OutputFormat format) {
        Column[] json = {lit(name).as("rule"), lit(keyColumn).as("keyColumn"), col(AlertColumns.KEY),
            col(AlertColumns.WINDOW_START), col(AlertColumns.WINDOW_END), col(AlertColumns.COUNT)};
        Column[] csv = {col(AlertColumns.WINDOW_START), col(AlertColumns.WINDOW_END), col(AlertColumns.KEY),
            col(AlertColumns.COUNT)};
        return windows.select(col(AlertColumns.KEY).as(RECORD_KEY), format.value(json, csv).as(RECORD_VALUE));
    }
}
