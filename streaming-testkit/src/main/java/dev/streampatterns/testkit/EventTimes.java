package dev.streampatterns.testkit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Objects;

/**
 * Readable event times for streaming tests: offsets in seconds from a fixed base instant.
 *
 * <pre>{@code
 * EventTimes times = EventTimes.at(EventTimes.BASE);
 * driver.addRows(RowFactory.create("user1", times.t(12)));   // BASE + 12 s
 * }</pre>
 *
 * <p>Times are {@link Timestamp}s because that is what Spark's {@code TimestampType} takes in a
 * {@code Row} (unless {@code spark.sql.datetime.java8API.enabled} is on).
 */
public final class EventTimes {

    /** The default base instant, {@code 2026-01-01T00:00:00Z}. */
    public static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

    private final Instant base;

    private EventTimes(Instant base) {
        this.base = base;
    }

    /** Event times relative to {@code base}. */
    public static EventTimes at(Instant base) {
        return new EventTimes(Objects.requireNonNull(base, "base"));
    }

    /** Event times relative to {@link #BASE}. */
    public static EventTimes fromBase() {
        return at(BASE);
    }

    /** The base instant. */
    public Instant base() {
        return base;
    }

    /** The instant {@code seconds} after the base (negative goes before it); millisecond precision. */
    public Instant instant(double seconds) {
        return base.plusMillis(Math.round(seconds * 1000.0));
    }

    /** The timestamp {@code seconds} after the base, e.g. {@code t(12)} or {@code t(0.5)}. */
    public Timestamp t(double seconds) {
        return Timestamp.from(instant(seconds));
    }
}
