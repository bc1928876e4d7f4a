package dev.streampatterns.analytics.clickstream;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.session_window;
import static org.apache.spark.sql.functions.unix_millis;

import dev.streampatterns.core.pattern.Intervals;
import dev.streampatterns.core.pattern.Pattern;
import java.time.Duration;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Sessions per {@code session_id} of the clickstream events, closed after a gap of <b>event-time</b>
 * inactivity (SPEC section 10: 30 minutes), so that a replay gives the same sessions — the seed's
 * processing-time timeout gave other sessions on every run. Output per closed session
 * ({@link ClickstreamColumns#SESSIONS}): {@code session_id, user_id, start} (the first event's time),
 * {@code end} (the last event's time), {@code event_count}, {@code duration_seconds} (end minus start,
 * whole seconds, as the seed's {@code last_time - start_time}) and {@code status = completed}.
 *
 * <p>How: Spark's session windows ({@code session_window}) keyed by session and user. Events less than
 * the gap apart belong to one session; a late event within the watermark joins, extends or merges the
 * sessions it falls between. Append mode: a session is published once, when the watermark passes its
 * last event plus the gap; an event later than the watermark is dropped. State: the events' session
 * windows per key, in the state store (RocksDB in the chapter).
 */
public final class Sessions implements Pattern {
    private static final long serialVersionUID = 1L;
    public static final Duration DEFAULT_GAP = Duration.ofMinutes(30);
    public static final Duration DEFAULT_WATERMARK = Duration.ofMinutes(5);
    public static final String COMPLETED = "completed";

    private final Duration gap;
    private final Duration watermark;

    /**
     * @param gap       the event-time inactivity that closes a session
     * @param watermark how late an event may arrive and still be counted
     */
    public Sessions(Duration gap, Duration watermark) {
        this.gap = Objects.requireNonNull(gap, "gap");
        this.watermark = Objects.requireNonNull(watermark, "watermark");
        if (gap.toMillis() < 1 || watermark.isNegative()) {
            throw new IllegalArgumentException("gap at least 1 ms and watermark not negative: " + gap + ", " + watermark);
        }
    }

    /** A 30-minute gap, watermark five minutes. */
    public Sessions() {
        this(DEFAULT_GAP, DEFAULT_WATERMARK);
    }

    @Override
    public String name() {
        return "sessions";
    }

    @Override
    public Dataset<Row> apply(Dataset<Row> clicks) {
        Column start = min(col(ClickstreamColumns.TIMESTAMP));
        Column end = max(col(ClickstreamColumns.TIMESTAMP));
        return clicks.withWatermark(ClickstreamColumns.TIMESTAMP, Intervals.of(watermark))
                .groupBy(session_window(col(ClickstreamColumns.TIMESTAMP), Intervals.of(gap)),
                        col(ClickstreamColumns.SESSION_ID), col(ClickstreamColumns.USER_ID))
                .agg(start.as(ClickstreamColumns.START), end.as(ClickstreamColumns.END),
                        count(lit(1)).as(ClickstreamColumns.EVENT_COUNT))
                .select(col(ClickstreamColumns.SESSION_ID), col(ClickstreamColumns.USER_ID), col(ClickstreamColumns.START),
                        col(ClickstreamColumns.END), col(ClickstreamColumns.EVENT_COUNT),
                        // whole seconds of end minus start, from milliseconds: the difference of the
                        // timestamps' truncated seconds would be a second off for half of the sessions
                        unix_millis(col(ClickstreamColumns.END)).minus(unix_millis(col(ClickstreamColumns.START)))
                                .divide(lit(1000)).cast(DataTypes.LongType).as(ClickstreamColumns.DURATION_SECONDS),
                        lit(COMPLETED).as(ClickstreamColumns.STATUS));
    }
}
