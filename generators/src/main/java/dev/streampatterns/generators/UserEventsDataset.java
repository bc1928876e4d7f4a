package dev.streampatterns.generators;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.streampatterns.schemas.proto.UserEvent;

/**
 * The user events of SPEC section 1: key = userId (UTF-8), value = a {@code protobuf.UserEvent}
 * in protobuf binary, no event timestamp (the record gets the producer's clock).
 *
 * <p>Users are {@code user1..userN} (N = 10 unless given), picked uniformly; actions are
 * {@code click, view, purchase, signup, logout}, picked uniformly; the value depends on the action:
 * view 0.5-20, click 1-100, purchase 10-500 (one decimal), signup and logout 0.0.
 *
 * <p>Malformed values are truncated protobuf: a tag for field 1 (userId, length-delimited), a
 * length of 16-115 bytes, and 1-8 bytes of payload. Every such value fails to parse as a
 * {@code UserEvent} ("input ended unexpectedly"); random bytes would not do, since they often parse
 * as unknown fields.
 */
public final class UserEventsDataset implements RecordFactory {

    public static final String NAME = "user-events";
    /** The topic of SPEC section 1. */
    public static final String DEFAULT_TOPIC = "user-events";
    public static final int DEFAULT_USERS = 10;
    public static final List<String> ACTIONS = List.of("click", "view", "purchase", "signup", "logout");

    /** Tag of field 1 with wire type 2 (length-delimited): {@code (1 << 3) | 2}. */
    private static final byte USER_ID_TAG = 0x0A;

    private final int users;
    /** Ids and their UTF-8 keys made once: the hot path should not build strings per event. */
    private final String[] userIds;
    private final byte[][] userKeys;

    /** Events of {@value #DEFAULT_USERS} users. */
    public UserEventsDataset() {
        this(DEFAULT_USERS);
    }

    /** Events of {@code users} users, {@code user1..user<users>}. */
    public UserEventsDataset(int users) {
        if (users < 1) {
            throw new IllegalArgumentException("users must be >= 1, was " + users);
        }
        this.users = users;
        this.userIds = new String[users];
        this.userKeys = new byte[users][];
        for (int i = 0; i < users; i++) {
            userIds[i] = "user" + (i + 1);
            userKeys[i] = userIds[i].getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * The valid events a {@link Generator} run with this seed sends to the topic, in order, for
     * the first {@code count} events, whatever its malformed fraction.
     */
    public static List<UserEvent> events(long seed, long count, int users) {
        if (count < 0 || count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("count must be within 0.." + (Integer.MAX_VALUE - 8) + ", was " + count);
        }
        UserEventsDataset dataset = new UserEventsDataset(users);
        Random random = new Random(seed);
        List<UserEvent> events = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            events.add(dataset.nextEvent(random));
        }
        return events;
    }

    public int users() {
        return users;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProducerRecordData next(Random random, long index) {
        int user = random.nextInt(users);
        UserEvent event = nextEvent(user, random);
        // A copy: callers own the arrays they get, and a shared key must not be changed through one.
        return ProducerRecordData.of(userKeys[user].clone(), event.toByteArray());
    }

    /** The next event; draws user, action, then (for view, click, purchase) the value. */
    public UserEvent nextEvent(Random random) {
        return nextEvent(random.nextInt(users), random);
    }

    private UserEvent nextEvent(int user, Random random) {
        String userId = userIds[user];
        String action = ACTIONS.get(random.nextInt(ACTIONS.size()));
        double value = switch (action) {
            case "view" -> oneDecimal(random, 0.5, 20);
            case "click" -> oneDecimal(random, 1, 100);
            case "purchase" -> oneDecimal(random, 10, 500);
            default -> 0.0;
        };
        return UserEvent.newBuilder().setUserId(userId).setAction(action).setValue(value).build();
    }

    @Override
    public byte[] malformedValue(Random random, long index) {
        int claimedLength = 16 + random.nextInt(100);     // 16..115: a one-byte varint
        int presentLength = 1 + random.nextInt(8);        // 1..8: always fewer than claimed
        byte[] value = new byte[2 + presentLength];
        value[0] = USER_ID_TAG;
        value[1] = (byte) claimedLength;
        for (int i = 0; i < presentLength; i++) {
            value[2 + i] = (byte) ('A' + random.nextInt(26));
        }
        return value;
    }

    private static double oneDecimal(Random random, double min, double max) {
        return Math.round((min + random.nextDouble() * (max - min)) * 10) / 10.0;
    }
}
