package dev.streampatterns.core.pattern;

import java.time.Duration;

/**
 * A {@link Duration} as the interval text Spark's time functions take ({@code window},
 * {@code session_window}, {@code withWatermark}): whole milliseconds, which every one of them reads.
 */
public final class Intervals {
    private Intervals() {
    }

    /** {@code "300000 milliseconds"} for five minutes. */
    public static String of(Duration duration) {
        return duration.toMillis() + " milliseconds";
    }
}
