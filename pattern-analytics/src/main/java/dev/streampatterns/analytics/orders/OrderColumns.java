package dev.streampatterns.analytics.orders;

import dev.streampatterns.core.decode.FieldLimit;
import dev.streampatterns.core.decode.TextDecoder;
import java.time.Duration;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructType;

/**
 * The JSON order of SPEC section 2 as it arrives, and the order summary the pattern gives: column
 * names, types and the decoder that reads one into the other's input.
 *
 * <p>Money is decimal end to end: {@code price} is {@link #MONEY} ({@code DECIMAL(12,2)}) from the
 * decoder on, a window's {@code total_value} is {@link #TOTAL} ({@code DECIMAL(38,2)}: a sum that
 * never overflows in Spark, where an overflow would fail the query), and the table stores
 * {@code DECIMAL(12,2)}. No value is ever a double: {@code 0.10 + 0.20} is {@code 0.30}.
 */
public final class OrderColumns {
    public static final String ORDER_ID = "orderId";
    public static final String PRODUCT = "product";
    public static final String QUANTITY = "quantity";
    public static final String PRICE = "price";
    /** ISO-8601 with a zone on the wire, the order's event time. */
    public static final String TIMESTAMP = "timestamp";

    public static final String WINDOW_START = "window_start";
    public static final String WINDOW_END = "window_end";
    public static final String TOTAL_VALUE = "total_value";
    public static final String ORDER_COUNT = "order_count";

    /** A price: two decimals, up to 9,999,999,999.99, as the course's table has it. */
    public static final DecimalType MONEY = DataTypes.createDecimalType(12, 2);
    /** A window's total: two decimals and Spark's widest precision. */
    public static final DecimalType TOTAL = DataTypes.createDecimalType(38, 2);

    /** What the JSON decoder reads. */
    public static final StructType INPUT = new StructType()
            .add(ORDER_ID, DataTypes.StringType)
            .add(PRODUCT, DataTypes.StringType)
            .add(QUANTITY, DataTypes.IntegerType)
            .add(PRICE, MONEY)
            .add(TIMESTAMP, DataTypes.TimestampType);

    /** One row per product and window: what {@link OrderTotals} gives and the table holds. */
    public static final StructType SUMMARY = new StructType()
            .add(WINDOW_START, DataTypes.TimestampType)
            .add(WINDOW_END, DataTypes.TimestampType)
            .add(PRODUCT, DataTypes.StringType)
            .add(TOTAL_VALUE, TOTAL)
            .add(ORDER_COUNT, DataTypes.LongType);

    /** The most items one order may hold; more is a dead letter, not a total that misleads. */
    public static final int MAX_QUANTITY = 10_000;
    /** How far ahead of the processing clock an order may be stamped before it is a dead letter. */
    public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofHours(1);

    /** The DDL of the summary table ({@code ${table}}), for MariaDB, PostgreSQL and H2. */
    public static final String SCHEMA_SCRIPT = "/orders/order_summary.sql";
    /** The course's table. */
    public static final String DEFAULT_TABLE = "order_summary";
    /** The running totals of SPEC section 10: a hash, field = product, value = a decimal string. */
    public static final String DEFAULT_REDIS_KEY = "orders:total-per-product";

    private OrderColumns() {
    }

    /**
     * The orders' decoder: strict JSON, every field required, a product name the table can hold
     * ({@code VARCHAR(50)}), 1 to {@value #MAX_QUANTITY} items, and an event time at most
     * {@code maxClockSkew} ahead of the processing clock (one from a clock years ahead would move the
     * watermark past every later order); anything else is a dead letter with its reason.
     */
    public static TextDecoder decoder(Duration maxClockSkew) {
        return TextDecoder.json(INPUT).withRequiredFields(ORDER_ID, PRODUCT, QUANTITY, PRICE, TIMESTAMP)
                .withLimits(FieldLimit.maxLength(PRODUCT, 50), FieldLimit.between(QUANTITY, 1, MAX_QUANTITY),
                        FieldLimit.notAheadOfProcessingTime(TIMESTAMP, maxClockSkew));
    }
}
