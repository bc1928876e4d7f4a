package dev.streampatterns.generators;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The alerts of SPEC section 4 (course chapter 3): topic {@value #DEFAULT_TOPIC}, one CSV line per
 * alert, every field quoted, {@code "timestamp","LEVEL","code","message"}, for example
 * <pre>"2026-01-01T00:00:07.000Z","CRITICAL","300","error rate rising, retries failing on host-4"</pre>
 * key = the code (UTF-8 text), no Kafka timestamp (the record gets the producer's clock, which is
 * what an event-to-topic latency is measured from).
 *
 * <p>Levels {@code CRITICAL, HIGH, ELEVATED} and codes {@code 100, 200, 300, 400} are picked
 * uniformly, then a host {@code host-1..host-8}; the message is the code's text and the host.
 *
 * <p>Event time comes from an {@link EventClock}, not the wall clock: alert {@code i} happens at
 * {@code start + i * step}, and a late fraction of the alerts arrives {@code lateness} behind the
 * stream. Late or not, alert {@code i} draws the same level, code and host.
 *
 * <p>Malformed lines are lines the alert schema rejects: an unreadable timestamp, a code that is not
 * a number, or a line cut after the level (no code).
 */
public final class AlertsDataset implements RecordFactory {

    public static final String NAME = "alerts";
    /** The input topic of SPEC section 4. */
    public static final String DEFAULT_TOPIC = "streaming.alerts.input";
    public static final List<String> LEVELS = List.of("CRITICAL", "HIGH", "ELEVATED");
    public static final List<Integer> CODES = List.of(100, 200, 300, 400);
    public static final int HOSTS = 8;
    /** The default event clock starts here (the test kit's base instant). */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");
    /** The default event clock advances one second per alert. */
    public static final Duration DEFAULT_STEP = Duration.ofSeconds(1);

    private static final List<String> TEXTS = List.of("disk usage above limit", "response time degraded",
            "error rate rising, retries failing", "service unreachable");

    private final EventClock clock;

    /** One alert as the generator sends it. {@code late} says it was sent {@code lateness} behind the stream. */
    public record Alert(Instant timestamp, String level, int code, String message, boolean late) {

        /** The CSV line: {@code "timestamp","LEVEL","code","message"}, every field quoted. */
        public String csv() {
            return quoted(EventClock.iso(timestamp)) + ',' + quoted(level) + ',' + quoted(String.valueOf(code))
                    + ',' + quoted(message);
        }

        private static String quoted(String field) {
            return '"' + field.replace("\"", "\"\"") + '"';
        }
    }

    /** Alerts one second apart from {@link #DEFAULT_START}, none late. */
    public AlertsDataset() {
        this(builder().build().clock);
    }

    private AlertsDataset(EventClock clock) {
        this.clock = clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The alerts a {@link Generator} run with this seed sends, in order, for the first {@code count}
     * alerts, whatever its malformed fraction.
     */
    public List<Alert> alerts(long seed, long count) {
        if (count < 0 || count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("count must be within 0.." + (Integer.MAX_VALUE - 8) + ", was " + count);
        }
        Random random = new Random(seed);
        List<Alert> alerts = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            alerts.add(nextAlert(random, i));
        }
        return alerts;
    }

    public Instant start() {
        return clock.start();
    }

    public Duration step() {
        return clock.step();
    }

    public double lateFraction() {
        return clock.lateFraction();
    }

    public Duration lateness() {
        return clock.lateness();
    }

    /** Where the stream is when alert {@code index} is sent: {@code start + index * step}. */
    public Instant streamTime(long index) {
        return clock.streamTime(index);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProducerRecordData next(Random random, long index) {
        Alert alert = nextAlert(random, index);
        return ProducerRecordData.of(String.valueOf(alert.code()).getBytes(StandardCharsets.UTF_8),
                alert.csv().getBytes(StandardCharsets.UTF_8));
    }

    /** Alert {@code index}; draws level, code, then host. */
    public Alert nextAlert(Random random, long index) {
        String level = LEVELS.get(random.nextInt(LEVELS.size()));
        int codeIndex = random.nextInt(CODES.size());
        int host = 1 + random.nextInt(HOSTS);
        return new Alert(clock.eventTime(index), level, CODES.get(codeIndex), TEXTS.get(codeIndex) + " on host-" + host,
                clock.isLate(index));
    }

    @Override
    public byte[] malformedValue(Random random, long index) {
        String time = EventClock.iso(streamTime(index));
        String level = LEVELS.get(random.nextInt(LEVELS.size()));
        String line = switch (random.nextInt(3)) {
            case 0 -> "\"yesterday at noon\",\"" + level + "\",\"100\",\"timestamp unreadable\"";
            case 1 -> "\"" + time + "\",\"" + level + "\",\"code-" + (1 + random.nextInt(9)) + "\",\"code not a number\"";
            default -> "\"" + time + "\",\"" + level + "\"";
        };
        return line.getBytes(StandardCharsets.UTF_8);
    }

    /** Builds an {@link AlertsDataset}; every value is checked in {@link #build()}. */
    public static final class Builder {
        private Instant start = DEFAULT_START;
        private Duration step = DEFAULT_STEP;
        private double lateFraction;
        private Duration lateness = Duration.ZERO;

        private Builder() {
        }

        /** The event time of the first alert. Default {@link AlertsDataset#DEFAULT_START}. */
        public Builder start(Instant value) {
            this.start = value;
            return this;
        }

        /** How far the event clock advances per alert (whole milliseconds, at least 1). Default 1 s. */
        public Builder step(Duration value) {
            this.step = value;
            return this;
        }

        /** Alerts sent {@code lateness} behind the stream, as a fraction of all alerts within [0, 1]. Default none. */
        public Builder lateEvents(double fraction, Duration lateness) {
            this.lateFraction = fraction;
            this.lateness = lateness;
            return this;
        }

        /** @throws IllegalArgumentException naming the first invalid value */
        public AlertsDataset build() {
            return new AlertsDataset(new EventClock(start, step, lateFraction, lateness));
        }
    }
}
