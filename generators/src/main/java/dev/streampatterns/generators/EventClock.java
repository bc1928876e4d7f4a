package dev.streampatterns.generators;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * The event time of a dataset's records, from a clock of its own rather than the wall clock: record
 * {@code i} happens at {@code start + i * step}, so a seed gives the same timestamps on every run and
 * every machine, whatever the rate.
 *
 * <p>Late records: record {@code i} is late when {@code floor((i + 1) f) > floor(i f)} for the late
 * fraction {@code f} (evenly spread, the rule of {@link MalformedInjection}, no randomness), and then
 * carries the event time {@code start + i * step - lateness}: it arrives {@code lateness} behind the stream.
 *
 * @param step         how far the clock advances per record: whole milliseconds, at least 1
 * @param lateFraction the fraction of records sent late, within [0, 1]
 * @param lateness     how far behind the stream a late record is; zero or more
 */
public record EventClock(Instant start, Duration step, double lateFraction, Duration lateness) {
    /** Millisecond ISO-8601 in UTC, the same width for every instant (Instant.toString drops zero millis). */
    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** @throws IllegalArgumentException naming the first invalid value */
    public EventClock {
        Objects.requireNonNull(start, "start");
        if (step == null || step.toMillis() < 1) {
            throw new IllegalArgumentException("step must be at least 1 ms, was " + step);
        }
        if (!(lateFraction >= 0 && lateFraction <= 1)) {
            throw new IllegalArgumentException("late fraction must be within [0, 1], was " + lateFraction);
        }
        if (lateness == null || lateness.isNegative()) {
            throw new IllegalArgumentException("lateness must be zero or positive, was " + lateness);
        }
    }

    /** A clock with no late records. */
    public static EventClock of(Instant start, Duration step) {
        return new EventClock(start, step, 0, Duration.ZERO);
    }

    /** An event time as the datasets write it: {@code 2026-01-01T00:00:07.000Z}. */
    public static String iso(Instant time) {
        return ISO_MILLIS.format(time);
    }

    /** Where the stream is when record {@code index} is sent: {@code start + index * step}. */
    public Instant streamTime(long index) {
        return start.plusMillis(index * step.toMillis());
    }

    /** Whether record {@code index} is sent late. */
    public boolean isLate(long index) {
        return MalformedInjection.injectAfter(index, lateFraction);
    }

    /** The event time of record {@code index}: its stream time, less the lateness when it is late. */
    public Instant eventTime(long index) {
        return isLate(index) ? streamTime(index).minus(lateness) : streamTime(index);
    }
}
