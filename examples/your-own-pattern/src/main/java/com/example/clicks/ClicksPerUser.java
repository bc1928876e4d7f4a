package com.example.clicks;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.window;

import dev.streampatterns.core.pattern.Pattern;
import java.time.Duration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Clicks per user in tumbling event-time windows. In append mode a window is emitted once, when
 * the watermark (the latest click time minus {@code allowedLateness}) passes its end; a click behind
 * the watermark is dropped.
 */
public final class ClicksPerUser implements Pattern {
    private final Duration window;
    private final Duration allowedLateness;

    public ClicksPerUser(Duration window, Duration allowedLateness) {
        this.window = window;
        this.allowedLateness = allowedLateness;
    }

    @Override
    public String name() {
        return "clicks-per-user";
    }

    @Override
    public Dataset<Row> apply(Dataset<Row> clicks) {
        return clicks.withWatermark("ts", allowedLateness.toSeconds() + " seconds")
                .groupBy(window(col("ts"), window.toSeconds() + " seconds"), col("user"))
                .count();
    }
}
