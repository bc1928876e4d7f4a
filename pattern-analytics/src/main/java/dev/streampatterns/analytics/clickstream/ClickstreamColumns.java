package dev.streampatterns.analytics.clickstream;

import dev.streampatterns.core.decode.FieldLimit;
import dev.streampatterns.core.decode.TextDecoder;
import java.time.Duration;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructType;

/**
 * The clickstream of SPEC section 3 as it arrives (clickstream events and transactions, JSON) and what
 * its four patterns give: column names, types and the decoders. Money is decimal: a transaction's
 * {@code amount} is {@link #MONEY}, a window's revenue {@link #TOTAL}.
 */
public final class ClickstreamColumns {
    public static final String EVENT_ID = "event_id";
    public static final String TRANSACTION_ID = "transaction_id";
    public static final String USER_ID = "user_id";
    public static final String SESSION_ID = "session_id";
    public static final String PRODUCT_ID = "product_id";
    public static final String CATEGORY = "category";
    public static final String ACTION = "action";
    /** ISO-8601 with a zone on the wire: the event's own time, the event time of every pattern. */
    public static final String TIMESTAMP = "timestamp";
    public static final String PAGE_URL = "page_url";
    public static final String REFERRER = "referrer";
    public static final String AMOUNT = "amount";
    public static final String QUANTITY = "quantity";
    public static final String PAYMENT_METHOD = "payment_method";

    public static final String WINDOW_START = "window_start";
    public static final String WINDOW_END = "window_end";
    public static final String VIEW_COUNT = "view_count";
    public static final String UNIQUE_USERS = "unique_users";
    public static final String TRANSACTION_COUNT = "transaction_count";
    public static final String TOTAL_REVENUE = "total_revenue";
    public static final String AVG_TRANSACTION = "avg_transaction";
    public static final String CLICKS = "clicks";
    public static final String CONVERTED_CLICKS = "converted_clicks";
    public static final String CONVERSION_RATE = "conversion_rate";
    public static final String START = "start";
    public static final String END = "end";
    public static final String EVENT_COUNT = "event_count";
    public static final String DURATION_SECONDS = "duration_seconds";
    public static final String STATUS = "status";

    /** An amount: two decimals, up to 9,999,999,999.99. */
    public static final DecimalType MONEY = DataTypes.createDecimalType(12, 2);
    /** A window's revenue: two decimals and Spark's widest precision, a sum that never overflows. */
    public static final DecimalType TOTAL = DataTypes.createDecimalType(38, 2);
    /** A conversion rate: a fraction from 0 to 1 with four decimals, rounded half up. */
    public static final DecimalType RATE = DataTypes.createDecimalType(5, 4);

    /** What the clickstream decoder reads. */
    public static final StructType CLICK = new StructType()
            .add(EVENT_ID, DataTypes.StringType)
            .add(USER_ID, DataTypes.StringType)
            .add(SESSION_ID, DataTypes.StringType)
            .add(PRODUCT_ID, DataTypes.StringType)
            .add(CATEGORY, DataTypes.StringType)
            .add(ACTION, DataTypes.StringType)
            .add(TIMESTAMP, DataTypes.TimestampType)
            .add(PAGE_URL, DataTypes.StringType)
            .add(REFERRER, DataTypes.StringType);

    /** What the transactions decoder reads. */
    public static final StructType TRANSACTION = new StructType()
            .add(TRANSACTION_ID, DataTypes.StringType)
            .add(USER_ID, DataTypes.StringType)
            .add(SESSION_ID, DataTypes.StringType)
            .add(PRODUCT_ID, DataTypes.StringType)
            .add(CATEGORY, DataTypes.StringType)
            .add(AMOUNT, MONEY)
            .add(QUANTITY, DataTypes.IntegerType)
            .add(TIMESTAMP, DataTypes.TimestampType)
            .add(PAYMENT_METHOD, DataTypes.StringType);

    /** Page views per product and category and 1-minute window ({@link PageViews}). */
    public static final StructType PAGE_VIEWS = new StructType()
            .add(WINDOW_START, DataTypes.TimestampType)
            .add(WINDOW_END, DataTypes.TimestampType)
            .add(PRODUCT_ID, DataTypes.StringType)
            .add(CATEGORY, DataTypes.StringType)
            .add(VIEW_COUNT, DataTypes.LongType)
            .add(UNIQUE_USERS, DataTypes.LongType);

    /** Revenue per category and 5-minute window ({@link CategoryRevenue}). */
    public static final StructType REVENUE = new StructType()
            .add(WINDOW_START, DataTypes.TimestampType)
            .add(WINDOW_END, DataTypes.TimestampType)
            .add(CATEGORY, DataTypes.StringType)
            .add(TRANSACTION_COUNT, DataTypes.LongType)
            .add(TOTAL_REVENUE, TOTAL)
            .add(AVG_TRANSACTION, MONEY);

    /** Conversion per product and 5-minute window of click time ({@link Conversions}). */
    public static final StructType CONVERSIONS = new StructType()
            .add(WINDOW_START, DataTypes.TimestampType)
            .add(WINDOW_END, DataTypes.TimestampType)
            .add(PRODUCT_ID, DataTypes.StringType)
            .add(CLICKS, DataTypes.LongType)
            .add(CONVERTED_CLICKS, DataTypes.LongType)
            .add(CONVERSION_RATE, RATE);

    /** A closed session ({@link Sessions}). */
    public static final StructType SESSIONS = new StructType()
            .add(SESSION_ID, DataTypes.StringType)
            .add(USER_ID, DataTypes.StringType)
            .add(START, DataTypes.TimestampType)
            .add(END, DataTypes.TimestampType)
            .add(EVENT_COUNT, DataTypes.LongType)
            .add(DURATION_SECONDS, DataTypes.LongType)
            .add(STATUS, DataTypes.StringType);

    /** The largest amount {@link #MONEY} holds, in whole units; a larger or negative one is a dead letter. */
    public static final long MAX_AMOUNT = 9_999_999_999L;
    /** The most items one transaction may hold; more is a dead letter. */
    public static final int MAX_QUANTITY = 10_000;
    /** The longest id or name a field may hold; longer is a dead letter. */
    public static final int MAX_TEXT = 200;
    /** How far ahead of the processing clock an event may be stamped before it is a dead letter. */
    public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofHours(1);

    private ClickstreamColumns() {
    }

    /**
     * The clickstream events' decoder: strict JSON, ids, product, category, action and time required,
     * text fields at most {@value #MAX_TEXT} characters, an event time at most {@code maxClockSkew}
     * ahead of the processing clock; anything else is a dead letter with its reason.
     */
    public static TextDecoder clicksDecoder(Duration maxClockSkew) {
        return TextDecoder.json(CLICK).withRequiredFields(EVENT_ID, USER_ID, SESSION_ID, PRODUCT_ID, CATEGORY, ACTION,
                TIMESTAMP).withLimits(FieldLimit.maxLength(EVENT_ID, MAX_TEXT), FieldLimit.maxLength(USER_ID, MAX_TEXT),
                FieldLimit.maxLength(SESSION_ID, MAX_TEXT), FieldLimit.maxLength(PRODUCT_ID, MAX_TEXT),
                FieldLimit.maxLength(CATEGORY, MAX_TEXT), FieldLimit.notAheadOfProcessingTime(TIMESTAMP, maxClockSkew));
    }

    /**
     * The transactions' decoder: strict JSON, ids, product, category, amount, quantity and time required,
     * an amount from 0 that fits {@link #MONEY}, 1 to {@value #MAX_QUANTITY} items, an event time at
     * most {@code maxClockSkew} ahead of the processing clock; anything else is a dead letter.
     */
    public static TextDecoder transactionsDecoder(Duration maxClockSkew) {
        return TextDecoder.json(TRANSACTION).withRequiredFields(TRANSACTION_ID, USER_ID, PRODUCT_ID, CATEGORY, AMOUNT,
                QUANTITY, TIMESTAMP).withLimits(FieldLimit.maxLength(TRANSACTION_ID, MAX_TEXT),
                FieldLimit.maxLength(USER_ID, MAX_TEXT), FieldLimit.maxLength(PRODUCT_ID, MAX_TEXT),
                FieldLimit.maxLength(CATEGORY, MAX_TEXT), FieldLimit.between(AMOUNT, 0, MAX_AMOUNT),
                FieldLimit.between(QUANTITY, 1, MAX_QUANTITY), FieldLimit.notAheadOfProcessingTime(TIMESTAMP, maxClockSkew));
    }
}
