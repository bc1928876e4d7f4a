package dev.streampatterns.analytics.orders;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import dev.streampatterns.core.pattern.Pattern;
import dev.streampatterns.core.pattern.TumblingWindows;
import java.time.Duration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Orders analytics (SPEC section 2): per product and tumbling event-time window, the total value of
 * the orders ({@code quantity * price}) and their number. Input: {@link OrderColumns#INPUT}; output:
 * {@link OrderColumns#SUMMARY}, {@code window_start, window_end, product, total_value, order_count}.
 *
 * <p>Semantics: output mode <b>append</b>, so each window and product is published <b>once, when the
 * window closes</b>: when the watermark (the latest order time seen, minus the watermark delay)
 * reaches the window's end. An order that arrives late but whose window is still open is counted; one
 * whose window has closed (window end at or before the watermark) is dropped. State: one total and
 * count per open window and product, removed when the window closes. The windows still open when a
 * stream ends are never published.
 *
 * <p>Money: the total is summed in decimals ({@link OrderColumns#TOTAL}, two decimals), never in
 * doubles, so a window's total equals the exact sum of its orders' {@code quantity * price}.
 */
public final class OrderTotals implements Pattern {
    private static final long serialVersionUID = 1L;
    /** The course's window and watermark. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(5);
    public static final Duration DEFAULT_WATERMARK = Duration.ofSeconds(5);

    private final TumblingWindows windows;

    /**
     * @param window    length of the tumbling windows, at least 1 ms
     * @param watermark how late an order may arrive and still be counted, zero or more
     */
    public OrderTotals(Duration window, Duration watermark) {
        this.windows = new TumblingWindows(window, watermark);
    }

    /** Five-second windows, watermark five seconds, as SPEC section 2. */
    public OrderTotals() {
        this(DEFAULT_WINDOW, DEFAULT_WATERMARK);
    }

    @Override
    public String name() {
        return "order-totals";
    }

    @Override
    public Dataset<Row> apply(Dataset<Row> orders) {
        return windows.groupBy(orders, OrderColumns.TIMESTAMP, OrderColumns.PRODUCT)
                .agg(sum(col(OrderColumns.PRICE).multiply(col(OrderColumns.QUANTITY))).cast(OrderColumns.TOTAL)
                                .as(OrderColumns.TOTAL_VALUE),
                        count(lit(1)).as(OrderColumns.ORDER_COUNT))
                .select(TumblingWindows.start(OrderColumns.WINDOW_START), TumblingWindows.end(OrderColumns.WINDOW_END),
                        col(OrderColumns.PRODUCT), col(OrderColumns.TOTAL_VALUE), col(OrderColumns.ORDER_COUNT));
    }
}
