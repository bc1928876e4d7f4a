package dev.streampatterns.analytics.clickstream;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.window;

import dev.streampatterns.core.pattern.Intervals;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Conversion per product in tumbling windows of click time (SPEC section 10): a click <i>converts</i>
 * when at least one transaction of the same user and product follows it within the attribution time
 * ({@code click.ts <= transaction.ts <= click.ts + 10 minutes}). Per product and five-minute window of
 * the click's time: {@code clicks}, {@code converted_clicks} and {@code conversion_rate} (their
 * quotient, four decimals, half up). Output {@link ClickstreamColumns#CONVERSIONS}.
 *
 * <p>How: a stream-stream <b>left outer</b> join of the clicks (action {@code click}) with the
 * transactions, both watermarked, on user, product and the time condition; then, per window and
 * product, the distinct click ids ({@code clicks}) and the distinct click ids that met a transaction
 * ({@code converted_clicks}). A click that two purchases follow joins twice but counts once — the
 * seed's inner join counted it twice. The join emits a click with its transactions as they arrive, or
 * alone once the watermark shows no transaction can still come, never both.
 *
 * <p>Published once per window and product, in append mode, when the watermark has passed the window's
 * end and every click in it has either met a transaction or outlived its attribution time: Spark holds
 * the aggregation's watermark back by the join's time bound. A click or a transaction later than the
 * watermark is dropped. State: the join's buffered clicks and transactions (each kept until the
 * watermark passes its time plus the attribution time) and one set of click ids per open window.
 */
public final class Conversions implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
    public static final Duration DEFAULT_ATTRIBUTION = Duration.ofMinutes(10);
    public static final Duration DEFAULT_WATERMARK = Duration.ofMinutes(5);
    /** The action that is a click. */
    public static final String CLICK = "click";

    private static final String CLICK_TIME = "click_ts";
    private static final String TRANSACTION_TIME = "transaction_ts";
    private static final String CLICK_USER = "click_user";
    private static final String CLICK_PRODUCT = "click_product";

    private final Duration window;
    private final Duration attribution;
    private final Duration watermark;

    /**
     * @param window      the tumbling windows of click time
     * @param attribution how long after a click a transaction still converts it
     * @param watermark   how late a click or a transaction may arrive and still be counted
     */
    public Conversions(Duration window, Duration attribution, Duration watermark) {
        this.window = Objects.requireNonNull(window, "window");
        this.attribution = Objects.requireNonNull(attribution, "attribution");
        this.watermark = Objects.requireNonNull(watermark, "watermark");
        if (window.toMillis() < 1 || attribution.isNegative() || watermark.isNegative()) {
            throw new IllegalArgumentException("window at least 1 ms, attribution and watermark not negative: " + window
                    + ", " + attribution + ", " + watermark);
        }
    }

    /** Five-minute windows, ten minutes of attribution, watermark five minutes (SPEC section 10). */
    public Conversions() {
        this(DEFAULT_WINDOW, DEFAULT_ATTRIBUTION, DEFAULT_WATERMARK);
    }

    /** The conversions of {@code clicks} (rows of {@link ClickstreamColumns#CLICK}) by {@code transactions}. */
    public Dataset<Row> apply(Dataset<Row> clicks, Dataset<Row> transactions) {
        Dataset<Row> clicked = clicks.where(col(ClickstreamColumns.ACTION).equalTo(lit(CLICK)))
                .select(col(ClickstreamColumns.EVENT_ID), col(ClickstreamColumns.USER_ID).as(CLICK_USER),
                        col(ClickstreamColumns.PRODUCT_ID).as(CLICK_PRODUCT),
                        col(ClickstreamColumns.TIMESTAMP).as(CLICK_TIME))
                .withWatermark(CLICK_TIME, Intervals.of(watermark));
        Dataset<Row> bought = transactions
                .select(col(ClickstreamColumns.TRANSACTION_ID), col(ClickstreamColumns.USER_ID),
                        col(ClickstreamColumns.PRODUCT_ID), col(ClickstreamColumns.TIMESTAMP).as(TRANSACTION_TIME))
                .withWatermark(TRANSACTION_TIME, Intervals.of(watermark));
        Column matches = col(CLICK_USER).equalTo(col(ClickstreamColumns.USER_ID))
                .and(col(CLICK_PRODUCT).equalTo(col(ClickstreamColumns.PRODUCT_ID)))
                .and(col(TRANSACTION_TIME).geq(col(CLICK_TIME)))
                .and(col(TRANSACTION_TIME).leq(col(CLICK_TIME).plus(expr("INTERVAL " + Intervals.of(attribution)))));
        Column converted = when(col(ClickstreamColumns.TRANSACTION_ID).isNotNull(), col(ClickstreamColumns.EVENT_ID));
        Column clickCount = size(collect_set(col(ClickstreamColumns.EVENT_ID))).cast(DataTypes.LongType);
        Column convertedCount = size(collect_set(converted)).cast(DataTypes.LongType);
        return clicked.join(bought, matches, "left_outer")
                .groupBy(window(col(CLICK_TIME), Intervals.of(window)).as("window"), col(CLICK_PRODUCT))
                .agg(clickCount.as(ClickstreamColumns.CLICKS), convertedCount.as(ClickstreamColumns.CONVERTED_CLICKS))
                .select(col("window.start").as(ClickstreamColumns.WINDOW_START),
                        col("window.end").as(ClickstreamColumns.WINDOW_END),
                        col(CLICK_PRODUCT).as(ClickstreamColumns.PRODUCT_ID), col(ClickstreamColumns.CLICKS),
                        col(ClickstreamColumns.CONVERTED_CLICKS),
                        round(col(ClickstreamColumns.CONVERTED_CLICKS).cast(ClickstreamColumns.TOTAL)
                                .divide(col(ClickstreamColumns.CLICKS)), 4).cast(ClickstreamColumns.RATE)
                                .as(ClickstreamColumns.CONVERSION_RATE));
    }
}
