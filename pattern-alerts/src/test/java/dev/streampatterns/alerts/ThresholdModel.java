package dev.streampatterns.alerts;

import dev.streampatterns.testkit.PatternTestDriver;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The semantics of a windowed threshold in plain Java, batch by batch, to compute what a test expects
 * without Spark: an alert whose window ended at or before the watermark is dropped; the watermark
 * after a batch is the latest event time seen (any level) minus the delay; a window is published once,
 * when the watermark reaches its end, if its count is above the threshold.
 */
final class ThresholdModel {
    private final Set<String> levels;
    private final String keyColumn;
    private final long windowMillis;
    private final long delayMillis;
    private final long threshold;
    /** Open windows: start millis -> key -> count. */
    private final Map<Long, Map<String, Long>> open = new TreeMap<>();
    private long watermark = Long.MIN_VALUE;
    private long dropped;

    ThresholdModel(Set<String> levels, String keyColumn, long windowMillis, long delayMillis, long threshold) {
        this.levels = new HashSet<>(levels);
        this.keyColumn = keyColumn;
        this.windowMillis = windowMillis;
        this.delayMillis = delayMillis;
        this.threshold = threshold;
    }

    /** The SPEC's rule: any level, per code, 10 s windows, watermark 10 s, more than 2. */
    static ThresholdModel spec() {
        return new ThresholdModel(Set.of(), AlertColumns.CODE, 10_000, 10_000, 2);
    }

    /** Rows of {@link AlertColumns#SCHEMA}, one micro-batch; returns the windows it publishes. */
    List<Row> batch(List<Row> alerts) {
        long maxEventTime = Long.MIN_VALUE;
        for (Row alert : alerts) {
            long time = ((Timestamp) alert.get(0)).getTime();
            maxEventTime = Math.max(maxEventTime, time);
            if (!levels.isEmpty() && !levels.contains(alert.getString(1))) {
                continue;
            }
            long start = Math.floorDiv(time, windowMillis) * windowMillis;
            if (watermark != Long.MIN_VALUE && start + windowMillis <= watermark) {
                dropped++;
                continue;
            }
            open.computeIfAbsent(start, s -> new TreeMap<>()).merge(key(alert), 1L, Long::sum);
        }
        if (maxEventTime != Long.MIN_VALUE) {
            watermark = Math.max(watermark, maxEventTime - delayMillis);
        }
        List<Row> published = new ArrayList<>();
        open.entrySet().removeIf(window -> {
            long end = window.getKey() + windowMillis;
            if (end > watermark) {
                return false;
            }
            window.getValue().forEach((key, count) -> {
                if (count > threshold) {
                    published.add(RowFactory.create(new Timestamp(window.getKey()), new Timestamp(end), key, count));
                }
            });
            return true;
        });
        return published;
    }

    /** What the driver published and what the model expects, over the same batches. */
    record Run(List<Row> published, List<Row> expected) {
    }

    /** Feeds each batch to the driver (one micro-batch each) and to this model. */
    Run feed(PatternTestDriver driver, List<List<Row>> batches) {
        List<Row> published = new ArrayList<>();
        List<Row> expected = new ArrayList<>();
        for (List<Row> rows : batches) {
            driver.addRows(rows);
            published.addAll(driver.process());
            expected.addAll(batch(rows));
        }
        return new Run(published, expected);
    }

    long dropped() {
        return dropped;
    }

    private String key(Row alert) {
        return String.valueOf(alert.get(AlertColumns.SCHEMA.fieldIndex(keyColumn)));
    }
}
