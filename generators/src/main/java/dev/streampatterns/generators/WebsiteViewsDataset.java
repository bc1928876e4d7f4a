package dev.streampatterns.generators;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * The website views of SPEC section 6 (course chapter 6): topic {@value #DEFAULT_TOPIC}, one CSV line
 * per view, {@code "timestamp","user","topic",minutes}, for example
 * <pre>"2026-01-01T00:00:00.250Z","user7","Cloud",4</pre>
 * key = the user, no Kafka timestamp.
 *
 * <p>Users {@code user1..user}{@value #USERS}, topics {@link #TOPICS} and minutes 1 to {@value #MAX_MINUTES}
 * are picked uniformly from the seeded random; event time comes from an {@link EventClock} (a view
 * every 250 ms by default, a late fraction behind the stream). Malformed lines: an unreadable
 * timestamp, minutes that are not a number, or a line cut after the user.
 */
public final class WebsiteViewsDataset implements RecordFactory {
    public static final String NAME = "website-views";
    /** The input topic of SPEC section 6. */
    public static final String DEFAULT_TOPIC = "streaming.views.input";
    public static final List<String> TOPICS = List.of("AI", "BigData", "CI_CD", "Cloud");
    public static final int USERS = 20;
    public static final int MAX_MINUTES = 10;
    /** The default event clock starts here (the test kit's base instant). */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");
    /** The default event clock advances a quarter of a second per view. */
    public static final Duration DEFAULT_STEP = Duration.ofMillis(250);

    private final EventClock clock;

    /** One view as the generator sends it; {@code late} says it was sent behind the stream. */
    public record View(Instant timestamp, String user, String topic, int minutes, boolean late) {
        /** The CSV line: {@code "timestamp","user","topic",minutes}. */
        public String csv() {
            return "\"" + EventClock.iso(timestamp) + "\",\"" + user + "\",\"" + topic + "\"," + minutes;
        }
    }

    /** Views a quarter of a second apart from {@link #DEFAULT_START}, none late. */
    public WebsiteViewsDataset() {
        this(EventClock.of(DEFAULT_START, DEFAULT_STEP));
    }

    public WebsiteViewsDataset(EventClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public EventClock clock() {
        return clock;
    }

    /** The views a {@link Generator} run with this seed sends, in order, whatever its malformed fraction. */
    public List<View> views(long seed, int count) {
        return RecordFactory.drawn(seed, count, this::nextView);
    }

    /** View {@code index}; draws the user, the topic, then the minutes. */
    public View nextView(Random random, long index) {
        String user = "user" + (1 + random.nextInt(USERS));
        String topic = TOPICS.get(random.nextInt(TOPICS.size()));
        int minutes = 1 + random.nextInt(MAX_MINUTES);
        return new View(clock.eventTime(index), user, topic, minutes, clock.isLate(index));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProducerRecordData next(Random random, long index) {
        View view = nextView(random, index);
        return ProducerRecordData.of(view.user().getBytes(StandardCharsets.UTF_8), view.csv().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public byte[] malformedValue(Random random, long index) {
        String time = EventClock.iso(clock.streamTime(index));
        String user = "user" + (1 + random.nextInt(USERS));
        String line = switch (random.nextInt(3)) {
            case 0 -> "\"last tuesday\",\"" + user + "\",\"AI\",3";
            case 1 -> "\"" + time + "\",\"" + user + "\",\"Cloud\",many";
            default -> "\"" + time + "\",\"" + user + "\"";
        };
        return line.getBytes(StandardCharsets.UTF_8);
    }
}
