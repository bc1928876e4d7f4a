package dev.streampatterns.generators;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Paces a single thread to a steady rate of permits per second, one permit every
 * {@code 1 / rate} seconds, based on {@link System#nanoTime()} and {@link LockSupport#parkNanos}.
 *
 * <p>Smooth, not bursty: permits are spaced evenly instead of granted a second's worth at a time.
 * Wake-up lateness does not accumulate (the schedule, not the wake-up time, sets the next permit),
 * and a caller that falls behind (a GC pause, a full producer buffer) may catch up by at most
 * {@value #MAX_CATCH_UP_MILLIS} ms worth of permits; a longer backlog is forgotten rather than
 * released as a burst.
 *
 * <p>A rate of 0 or less means unthrottled: {@link #acquire()} returns at once. Not thread-safe.
 */
public final class RateLimiter {

    static final long MAX_CATCH_UP_MILLIS = 10;
    private static final long MAX_CATCH_UP_NANOS = TimeUnit.MILLISECONDS.toNanos(MAX_CATCH_UP_MILLIS);
    /** Long waits are cut into slices so an abort condition is noticed promptly. */
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /** The time source, replaceable in tests. */
    interface Ticker {
        long nanoTime();

        void parkNanos(long nanos);

        Ticker SYSTEM = new Ticker() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void parkNanos(long nanos) {
                LockSupport.parkNanos(nanos);
            }
        };
    }

    private final double permitsPerSecond;
    private final long intervalNanos;
    private final Ticker ticker;
    private boolean started;
    private long nextPermitNanos;

    /** A limiter granting {@code permitsPerSecond} permits per second; 0 or less = unthrottled. */
    public RateLimiter(double permitsPerSecond) {
        this(permitsPerSecond, Ticker.SYSTEM);
    }

    RateLimiter(double permitsPerSecond, Ticker ticker) {
        if (Double.isNaN(permitsPerSecond)) {
            throw new IllegalArgumentException("permitsPerSecond must be a number, was NaN");
        }
        this.permitsPerSecond = permitsPerSecond;
        // Rates beyond one permit per nanosecond cannot be paced and are unthrottled in effect.
        this.intervalNanos = permitsPerSecond <= 0 ? 0 : Math.round(TimeUnit.SECONDS.toNanos(1) / permitsPerSecond);
        this.ticker = ticker;
    }

    /** The configured rate; 0 or less means unthrottled. */
    public double permitsPerSecond() {
        return permitsPerSecond;
    }

    /** Whether {@link #acquire()} ever waits. */
    public boolean isThrottled() {
        return intervalNanos > 0;
    }

    /** Waits until the next permit is due. The first permit is due at once. */
    public void acquire() {
        acquire(() -> false);
    }

    /**
     * Waits until the next permit is due, or until {@code abort} returns true (checked at least
     * every 10 ms while waiting).
     *
     * @return true if a permit was granted, false if the wait was aborted (no permit is used up)
     */
    public boolean acquire(BooleanSupplier abort) {
        if (intervalNanos == 0) {
            return true;
        }
        long now = ticker.nanoTime();
        if (!started) {
            started = true;
            nextPermitNanos = now;
        }
        if (now - nextPermitNanos > MAX_CATCH_UP_NANOS) {
            nextPermitNanos = now - MAX_CATCH_UP_NANOS;
        }
        long due = nextPermitNanos;
        while (due - now > 0) {
            if (abort.getAsBoolean()) {
                return false;
            }
            // parkNanos may return early (spuriously or on unpark): loop on the clock, not on it.
            ticker.parkNanos(Math.min(due - now, MAX_PARK_NANOS));
            now = ticker.nanoTime();
        }
        nextPermitNanos = due + intervalNanos;
        return true;
    }
}
