package dev.streampatterns.core.pattern;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.window;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.RelationalGroupedDataset;
import org.apache.spark.sql.Row;

/**
 * Tumbling event-time windows with a watermark: the grouping of a windowed pattern. Aggregated in
 * append mode, a window is published once, when the watermark (the latest event time seen, minus
 * the watermark delay) reaches the window's end; a row whose window has closed is dropped.
 *
 * @param length    the windows' length, at least 1 ms
 * @param watermark how late a row may arrive and still be counted, zero or more
 */
public record TumblingWindows(Duration length, Duration watermark) implements Serializable {
    private static final String WINDOW = "window";

    public TumblingWindows {
        Objects.requireNonNull(length, "length");
        Objects.requireNonNull(watermark, "watermark");
        if (length.toMillis() < 1 || watermark.isNegative()) {
            throw new IllegalArgumentException("window must be at least 1 ms and watermark not negative: " + length
                    + ", " + watermark);
        }
    }

    /**
     * The rows, watermarked on {@code timeColumn}, grouped by their window and {@code keys}; after the
     * aggregation, {@link #start} and {@link #end} name the window's bounds.
     */
    public RelationalGroupedDataset groupBy(Dataset<Row> rows, String timeColumn, String... keys) {
        Column[] grouping = Stream.concat(Stream.of(window(col(timeColumn), Intervals.of(length)).as(WINDOW)),
                Stream.of(keys).map(org.apache.spark.sql.functions::col)).toArray(Column[]::new);
        return rows.withWatermark(timeColumn, Intervals.of(watermark)).groupBy(grouping);
    }

    /** The window's start, named {@code name}, in the rows {@link #groupBy} aggregated. */
    public static Column start(String name) {
        return col(WINDOW + ".start").as(name);
    }

    /** The window's end, named {@code name}, in the rows {@link #groupBy} aggregated. */
    public static Column end(String name) {
        return col(WINDOW + ".end").as(name);
    }
}
