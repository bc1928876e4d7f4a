package dev.streampatterns.generators;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * What a {@link Generator} run produces: immutable, validated on construction (messages name the
 * option). Build one with {@link #builder()}.
 *
 * @param topic             target topic; required
 * @param seed              seed of the run's randomness; the same seed gives the same records. Default 42
 * @param eventsPerSecond   pace of valid events; 0 = unthrottled. Default 0
 * @param maxEvents         stop after this many valid events; 0 = unbounded. Default 0
 * @param maxDuration       stop after this long; null = unbounded. Default null.
 *                          At least one of maxEvents and maxDuration must bound the run
 * @param malformedFraction malformed records injected in addition to the valid ones, as a fraction
 *                          of them, within [0, 1] (see {@link MalformedInjection}). Default 0
 * @param progressInterval  how often a progress line is logged. Default 1 s
 */
public record GeneratorOptions(
        String topic,
        long seed,
        double eventsPerSecond,
        long maxEvents,
        Duration maxDuration,
        double malformedFraction,
        Duration progressInterval) {

    public static final long DEFAULT_SEED = 42;
    public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(1);

    /** Kafka's own rule for topic names. */
    private static final Pattern LEGAL_TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    public GeneratorOptions {
        if (topic == null || !LEGAL_TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            throw new IllegalArgumentException(
                    "topic must be 1-249 characters of [a-zA-Z0-9._-], was " + (topic == null ? "null" : "'" + topic + "'"));
        }
        if (!(eventsPerSecond >= 0) || Double.isInfinite(eventsPerSecond)) {
            throw new IllegalArgumentException(
                    "eventsPerSecond must be a finite number >= 0 (0 = unthrottled), was " + eventsPerSecond);
        }
        if (maxEvents < 0) {
            throw new IllegalArgumentException("maxEvents must be >= 0 (0 = unbounded), was " + maxEvents);
        }
        if (maxDuration != null && (maxDuration.isNegative() || maxDuration.isZero())) {
            throw new IllegalArgumentException("maxDuration must be positive (null = unbounded), was " + maxDuration);
        }
        if (maxEvents == 0 && maxDuration == null) {
            throw new IllegalArgumentException(
                    "the run must be bounded: set maxEvents > 0, maxDuration, or both");
        }
        if (!(malformedFraction >= 0 && malformedFraction <= 1)) {
            throw new IllegalArgumentException("malformedFraction must be within [0, 1], was " + malformedFraction);
        }
        if (progressInterval == null || progressInterval.isNegative() || progressInterval.isZero()) {
            throw new IllegalArgumentException("progressInterval must be positive, was " + progressInterval);
        }
    }

    /** A builder with the documented defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder()
                .topic(topic)
                .seed(seed)
                .eventsPerSecond(eventsPerSecond)
                .maxEvents(maxEvents)
                .maxDuration(maxDuration)
                .malformedFraction(malformedFraction)
                .progressInterval(progressInterval);
    }

    /** Builds {@link GeneratorOptions}; validation happens in {@link #build()}. */
    public static final class Builder {

        private String topic;
        private long seed = DEFAULT_SEED;
        private double eventsPerSecond;
        private long maxEvents;
        private Duration maxDuration;
        private double malformedFraction;
        private Duration progressInterval = DEFAULT_PROGRESS_INTERVAL;

        private Builder() {
        }

        public Builder topic(String topic) {
            this.topic = topic;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder eventsPerSecond(double eventsPerSecond) {
            this.eventsPerSecond = eventsPerSecond;
            return this;
        }

        public Builder maxEvents(long maxEvents) {
            this.maxEvents = maxEvents;
            return this;
        }

        public Builder maxDuration(Duration maxDuration) {
            this.maxDuration = maxDuration;
            return this;
        }

        public Builder malformedFraction(double malformedFraction) {
            this.malformedFraction = malformedFraction;
            return this;
        }

        public Builder progressInterval(Duration progressInterval) {
            this.progressInterval = progressInterval;
            return this;
        }

        /** @throws IllegalArgumentException naming the first invalid option */
        public GeneratorOptions build() {
            return new GeneratorOptions(topic, seed, eventsPerSecond, maxEvents, maxDuration, malformedFraction,
                    progressInterval);
        }
    }
}
