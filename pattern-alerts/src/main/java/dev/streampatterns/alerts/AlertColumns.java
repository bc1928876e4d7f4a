package dev.streampatterns.alerts;

import dev.streampatterns.core.decode.FieldLimit;
import dev.streampatterns.core.decode.TextDecoder;
import java.time.Duration;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The alerts of SPEC section 4 as the patterns read them, and the columns of the patterns' outputs.
 *
 * <p>Input: one CSV line per alert, {@code "timestamp","LEVEL","code","message"}, decoded by
 * {@link #decoder()} to {@link #SCHEMA}: {@code timestamp} (event time), {@code level}, {@code code},
 * {@code message}.
 */
public final class AlertColumns {
    public static final String TIMESTAMP = "timestamp";
    public static final String LEVEL = "level";
    public static final String CODE = "code";
    public static final String MESSAGE = "message";

    /** The levels of the SPEC, most severe first. */
    public static final List<String> LEVELS = List.of("CRITICAL", "HIGH", "ELEVATED");
    /** The columns a threshold rule may count per value of. */
    public static final List<String> KEY_COLUMNS = List.of(CODE, LEVEL, MESSAGE);

    /** The output of {@link WindowedThreshold}: the window, the key's value as text, and the count. */
    public static final String WINDOW_START = "windowStart";
    public static final String WINDOW_END = "windowEnd";
    public static final String KEY = "key";
    public static final String COUNT = "count";

    /**
     * The longest message an alert may carry: longer is a dead letter. An alert is a short text; the
     * limit keeps every record a rule publishes far below Kafka's default record limit of 1 MB.
     */
    public static final int MAX_MESSAGE_LENGTH = 10_000;

    /** How far ahead of the processing clock an alert's time may be before it is a dead letter. */
    public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofHours(1);

    /** A decoded alert. */
    public static final StructType SCHEMA = new StructType()
            .add(TIMESTAMP, DataTypes.TimestampType)
            .add(LEVEL, DataTypes.StringType)
            .add(CODE, DataTypes.IntegerType)
            .add(MESSAGE, DataTypes.StringType);

    /** What {@link WindowedThreshold} gives. */
    public static final StructType THRESHOLD_SCHEMA = new StructType()
            .add(WINDOW_START, DataTypes.TimestampType)
            .add(WINDOW_END, DataTypes.TimestampType)
            .add(KEY, DataTypes.StringType)
            .add(COUNT, DataTypes.LongType, false);

    private AlertColumns() {
    }

    /**
     * The decoder of the input lines: CSV with the alert schema, PERMISSIVE. A line whose timestamp
     * or code does not parse, or that has no timestamp, level or code, is malformed and goes to the
     * dead letter; a missing message is allowed, one over {@link #MAX_MESSAGE_LENGTH} characters is not.
     */
    public static TextDecoder decoder() {
        return TextDecoder.csv(SCHEMA).withRequiredFields(TIMESTAMP, LEVEL, CODE)
                .withLimits(FieldLimit.maxLength(MESSAGE, MAX_MESSAGE_LENGTH));
    }

    /**
     * The decoder for event-time rules: {@link #decoder()}, and an alert stamped more than
     * {@code maxClockSkew} ahead of the processing clock is malformed too. One alert from a clock
     * years ahead would otherwise move a threshold rule's watermark there, and every on-time alert
     * after it would be dropped as too late; as a dead letter it moves nothing.
     */
    public static TextDecoder eventTimeDecoder(Duration maxClockSkew) {
        return decoder().withLimits(FieldLimit.notAheadOfProcessingTime(TIMESTAMP, maxClockSkew));
    }
}
