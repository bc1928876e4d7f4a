package dev.streampatterns.generators;

import java.time.Duration;

/**
 * The outcome of a completed {@link Generator} run; every record counted here was acknowledged
 * by the broker.
 *
 * @param validSent       valid events sent
 * @param malformedSent   malformed records sent in addition
 * @param elapsed         wall time of the run, flush included
 * @param eventsPerSecond valid events per second over {@code elapsed}
 */
public record GeneratorReport(long validSent, long malformedSent, Duration elapsed, double eventsPerSecond) {

    /** All records sent, valid and malformed. */
    public long totalSent() {
        return validSent + malformedSent;
    }
}
