package dev.streampatterns.generators;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * The JSON user events of the event archive (SPEC section 8):
 * {@code {"user_id": 123, "movie_id": 456, "event_type": "click", "timestamp": 1767225600000}}, key =
 * user id (no Kafka timestamp: the record gets the producer's clock), the timestamp in epoch milliseconds from an event clock that starts at
 * {@link #START_MILLIS} and advances {@link #MILLIS_PER_EVENT} ms per event, so a seed fixes every field.
 *
 * <p>Users 1..{@value #USERS} and movies 1..{@value #MOVIES} are picked uniformly, event types from
 * {@link #EVENT_TYPES}. Malformed values are JSON cut off in the middle of a field name: they never parse.
 */
public final class MovieEventsDataset implements RecordFactory {
    public static final String NAME = "movie-events";
    /**
     * Not the seed's {@code user-events}: the protobuf user events of SPEC section 1 have that name
     * too, and on one cluster each job would dead-letter the other's records. Give
     * {@code --topic user-events} for the seed's name.
     */
    public static final String DEFAULT_TOPIC = "movie-events";
    public static final List<String> EVENT_TYPES = List.of("view", "click", "like", "rate");
    public static final int USERS = 1000;
    public static final int MOVIES = 500;
    /** 2026-01-01T00:00:00Z. */
    public static final long START_MILLIS = 1_767_225_600_000L;
    public static final long MILLIS_PER_EVENT = 10;

    /** One event as sent. */
    public record MovieEvent(long userId, long movieId, String eventType, long timestampMillis) {
        String toJson() {
            return "{\"user_id\": " + userId + ", \"movie_id\": " + movieId + ", \"event_type\": \"" + eventType
                    + "\", \"timestamp\": " + timestampMillis + "}";
        }
    }

    /** The valid events a {@link Generator} run with this seed sends, in order, whatever its malformed fraction. */
    public static List<MovieEvent> events(long seed, int count) {
        return RecordFactory.drawn(seed, count, MovieEventsDataset::nextEvent);
    }

    private static MovieEvent nextEvent(Random random, long index) {
        return new MovieEvent(1 + random.nextInt(USERS), 1 + random.nextInt(MOVIES),
                EVENT_TYPES.get(random.nextInt(EVENT_TYPES.size())), START_MILLIS + index * MILLIS_PER_EVENT);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProducerRecordData next(Random random, long index) {
        MovieEvent event = nextEvent(random, index);
        // No Kafka timestamp: the event time is in the payload, and an old record timestamp would let
        // a broker's time-based retention delete the record before it is read.
        return ProducerRecordData.of(Long.toString(event.userId()).getBytes(StandardCharsets.UTF_8),
                event.toJson().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public byte[] malformedValue(Random random, long index) {
        return ("{\"user_id\": " + (1 + random.nextInt(USERS)) + ", \"movie_").getBytes(StandardCharsets.UTF_8);
    }
}
