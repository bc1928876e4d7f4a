package dev.streampatterns.leaderboards;

import dev.streampatterns.core.decode.FieldLimit;
import dev.streampatterns.core.decode.TextDecoder;
import java.time.Duration;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The website view of SPEC section 6 as it arrives, the CSV line {@code "timestamp","user","topic",minutes},
 * and the windowed minutes per user that {@link MinutesPerUserWindow} gives.
 */
public final class ViewColumns {
    /** ISO-8601 with a zone, the view's event time. */
    public static final String TIMESTAMP = "timestamp";
    public static final String USER = "user";
    public static final String TOPIC = "topic";
    public static final String MINUTES = "minutes";

    public static final String WINDOW_START = "window_start";
    public static final String WINDOW_END = "window_end";

    /** What the CSV decoder reads, in the order of the line. */
    public static final StructType INPUT = new StructType()
            .add(TIMESTAMP, DataTypes.TimestampType)
            .add(USER, DataTypes.StringType)
            .add(TOPIC, DataTypes.StringType)
            .add(MINUTES, DataTypes.IntegerType);

    /** Minutes viewed per user and window. */
    public static final StructType MINUTES_PER_USER = new StructType()
            .add(WINDOW_START, DataTypes.TimestampType)
            .add(WINDOW_END, DataTypes.TimestampType)
            .add(USER, DataTypes.StringType)
            .add(MINUTES, DataTypes.LongType);

    /** The most minutes one view may count; more is a dead letter (a day holds 1,440). */
    public static final int MAX_MINUTES = 1_440;
    /** How far ahead of the processing clock a view may be stamped before it is a dead letter. */
    public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofHours(1);

    private ViewColumns() {
    }

    /**
     * The views' decoder: strict CSV of four fields, every one required, 0 to {@value #MAX_MINUTES}
     * minutes, an event time at most {@code maxClockSkew} ahead of the processing clock; anything else
     * is a dead letter with its reason.
     */
    public static TextDecoder decoder(Duration maxClockSkew) {
        return TextDecoder.csv(INPUT).withRequiredFields(TIMESTAMP, USER, TOPIC, MINUTES)
                .withLimits(FieldLimit.between(MINUTES, 0, MAX_MINUTES),
                        FieldLimit.notAheadOfProcessingTime(TIMESTAMP, maxClockSkew));
    }
}
