package dev.streampatterns.generators;

import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a generator's progress every interval, e.g.
 * {@code user-events: 12,000 sent (120 malformed), 9,980 events/s}, where the rate is that of valid
 * events since the previous line.
 */
final class ProgressLog {

    private static final Logger LOG = LoggerFactory.getLogger(Generator.class);

    private final String name;
    private final long intervalNanos;
    private long nextLogNanos;
    private long lastLogNanos;
    private long lastValid;

    ProgressLog(String name, long intervalNanos, long startNanos) {
        this.name = name;
        this.intervalNanos = intervalNanos;
        this.lastLogNanos = startNanos;
        this.nextLogNanos = startNanos + intervalNanos;
    }

    /** Logs a line if the interval has passed since the last one. */
    void maybeLog(long nowNanos, long valid, long malformed) {
        if (nowNanos - nextLogNanos < 0) {
            return;
        }
        double seconds = (nowNanos - lastLogNanos) / 1e9;
        LOG.info("{}: {} sent ({} malformed), {} events/s",
                name, format(valid), format(malformed), format(Math.round((valid - lastValid) / seconds)));
        lastLogNanos = nowNanos;
        lastValid = valid;
        nextLogNanos = nowNanos + intervalNanos;
    }

    static String format(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
