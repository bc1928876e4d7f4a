package dev.streampatterns.leaderboards;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import dev.streampatterns.core.pattern.Pattern;
import dev.streampatterns.core.pattern.TumblingWindows;
import java.time.Duration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Minutes viewed per user per tumbling event-time window (SPEC section 6: 5 s windows, watermark 5 s).
 * Input: {@link ViewColumns#INPUT}; output: {@link ViewColumns#MINUTES_PER_USER},
 * {@code window_start, window_end, user, minutes}.
 *
 * <p>Semantics: output mode <b>append</b>: a window and user is published once, when the watermark
 * (the latest view time seen, minus the delay) reaches the window's end; a view late by less than the
 * delay is counted in its window, one whose window has closed is dropped. State: one sum per open
 * window and user. The windows still open when a stream ends are not published.
 */
public final class MinutesPerUserWindow implements Pattern {
    private static final long serialVersionUID = 1L;
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(5);
    public static final Duration DEFAULT_WATERMARK = Duration.ofSeconds(5);

    private final TumblingWindows windows;

    public MinutesPerUserWindow(Duration window, Duration watermark) {
        this.windows = new TumblingWindows(window, watermark);
    }

    /** Five-second windows, watermark five seconds, as SPEC section 6. */
    public MinutesPerUserWindow() {
        this(DEFAULT_WINDOW, DEFAULT_WATERMARK);
    }

    @Override
    public String name() {
        return "minutes-per-user";
    }

    @Override
    public Dataset<Row> apply(Dataset<Row> views) {
        return windows.groupBy(views, ViewColumns.TIMESTAMP, ViewColumns.USER)
                .agg(sum(col(ViewColumns.MINUTES)).cast(DataTypes.LongType).as(ViewColumns.MINUTES))
                .select(TumblingWindows.start(ViewColumns.WINDOW_START), TumblingWindows.end(ViewColumns.WINDOW_END),
                        col(ViewColumns.USER), col(ViewColumns.MINUTES));
    }
}
