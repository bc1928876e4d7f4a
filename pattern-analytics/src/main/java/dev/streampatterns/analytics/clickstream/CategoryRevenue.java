package dev.streampatterns.analytics.clickstream;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sum;

import dev.streampatterns.core.pattern.Pattern;
import dev.streampatterns.core.pattern.TumblingWindows;
import java.time.Duration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Revenue per category in tumbling event-time windows (SPEC section 3: five minutes, watermark five
 * minutes): {@code transaction_count}, {@code total_revenue} and {@code avg_transaction}, in decimals
 * end to end — the sum in {@link ClickstreamColumns#TOTAL}, the average the sum divided by the count,
 * rounded half up to cents ({@link ClickstreamColumns#MONEY}). No amount is ever a double.
 *
 * <p>Append mode: a window is published once, when the watermark reaches its end; a transaction
 * later than that is dropped. Output {@link ClickstreamColumns#REVENUE}.
 */
public final class CategoryRevenue implements Pattern {
    private static final long serialVersionUID = 1L;
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
    public static final Duration DEFAULT_WATERMARK = Duration.ofMinutes(5);

    private final TumblingWindows windows;

    public CategoryRevenue(Duration window, Duration watermark) {
        this.windows = new TumblingWindows(window, watermark);
    }

    /** Five-minute windows, watermark five minutes. */
    public CategoryRevenue() {
        this(DEFAULT_WINDOW, DEFAULT_WATERMARK);
    }

    @Override
    public String name() {
        return "category-revenue";
    }

    @Override
    public Dataset<Row> apply(Dataset<Row> transactions) {
        Column total = sum(col(ClickstreamColumns.AMOUNT).cast(ClickstreamColumns.TOTAL)).cast(ClickstreamColumns.TOTAL);
        return windows.groupBy(transactions, ClickstreamColumns.TIMESTAMP, ClickstreamColumns.CATEGORY)
                .agg(count(lit(1)).as(ClickstreamColumns.TRANSACTION_COUNT), total.as(ClickstreamColumns.TOTAL_REVENUE))
                .select(TumblingWindows.start(ClickstreamColumns.WINDOW_START),
                        TumblingWindows.end(ClickstreamColumns.WINDOW_END), col(ClickstreamColumns.CATEGORY),
                        col(ClickstreamColumns.TRANSACTION_COUNT), col(ClickstreamColumns.TOTAL_REVENUE),
                        round(col(ClickstreamColumns.TOTAL_REVENUE).divide(col(ClickstreamColumns.TRANSACTION_COUNT)), 2)
                                .cast(ClickstreamColumns.MONEY).as(ClickstreamColumns.AVG_TRANSACTION));
    }
}
