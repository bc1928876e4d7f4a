package dev.streampatterns.generators;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;

/**
 * The clickstream of SPEC section 3 (the seed's {@code data_generator.py}): clickstream events (80 %)
 * to {@value #DEFAULT_CLICKS_TOPIC} and transactions (20 %) to {@value #DEFAULT_TRANSACTIONS_TOPIC},
 * one JSON object each, key = the user, with every field of the seed:
 * <pre>
 * {"event_id":"evt_1f3a…","user_id":"user_17","session_id":"sess_user_17_984000","product_id":"prod_003",
 *  "category":"clothing","action":"click","timestamp":"2026-01-01T00:00:00.010Z","page_url":"/product/prod_003",
 *  "referrer":"google.com"}
 * {"transaction_id":"txn_9c0e…","user_id":"user_17","session_id":"sess_user_17_984000","product_id":"prod_003",
 *  "category":"clothing","amount":99.98,"quantity":2,"timestamp":"…","payment_method":"paypal"}
 * </pre>
 *
 * <p>The seed's five products and prices, 100 users {@code user_1..user_100}, actions view, click and
 * add_to_cart. Where the seed draws the amount apart from the quantity ({@code price * randint(1, 3)}
 * beside another {@code randint(1, 3)}), a transaction here is worth its quantity times the price,
 * exact in decimal. The session is the seed's, {@code sess_<user>_<30-minute bucket>}, on the event
 * clock rather than the wall clock, so a seed gives the same sessions on every run.
 *
 * <p>Event {@code i} happens at {@code start + i * step} of an {@link EventClock} (10 ms by default:
 * the seed's 100 events/s in event time as well), with a late fraction sent behind the stream. Every
 * id is drawn from the seeded random: a seed fixes every field of every event. Malformed values go to
 * the clicks topic: JSON cut off, or a click whose timestamp is not a time.
 */
public final class ClickstreamDataset implements RecordFactory {
    public static final String NAME = "clickstream";
    public static final String DEFAULT_CLICKS_TOPIC = "clickstream";
    public static final String DEFAULT_TRANSACTIONS_TOPIC = "transactions";
    /** The seed's products, categories and prices. */
    public static final List<Product> PRODUCTS = List.of(
            new Product("prod_001", "electronics", new BigDecimal("299.99")),
            new Product("prod_002", "electronics", new BigDecimal("499.99")),
            new Product("prod_003", "clothing", new BigDecimal("49.99")),
            new Product("prod_004", "books", new BigDecimal("19.99")),
            new Product("prod_005", "home", new BigDecimal("79.99")));
    public static final List<String> ACTIONS = List.of("view", "click", "add_to_cart");
    public static final List<String> REFERRERS = List.of("google.com", "facebook.com", "direct");
    public static final List<String> PAYMENT_METHODS = List.of("credit_card", "debit_card", "paypal");
    public static final int USERS = 100;
    public static final int MAX_QUANTITY = 3;
    /** The share of events that are clickstream events; the rest are transactions. */
    public static final double CLICKSTREAM_SHARE = 0.8;
    /** A session id names the user and the 30-minute bucket of the event's time. */
    public static final Duration SESSION_BUCKET = Duration.ofMinutes(30);
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");
    public static final Duration DEFAULT_STEP = Duration.ofMillis(10);

    private final EventClock clock;
    private final String clicksTopic;
    private final String transactionsTopic;

    /** A product of the catalog. */
    public record Product(String id, String category, BigDecimal price) {
    }

    /** A clickstream event or a transaction, as sent. */
    public sealed interface Event permits Click, Transaction {
        String userId();

        Instant timestamp();

        /** Sent behind the stream. */
        boolean late();

        String json();
    }

    /** A clickstream event. */
    public record Click(String eventId, String userId, String sessionId, String productId, String category, String action,
                        Instant timestamp, String pageUrl, String referrer, boolean late) implements Event {
        @Override
        public String json() {
            return "{\"event_id\":\"" + eventId + "\",\"user_id\":\"" + userId + "\",\"session_id\":\"" + sessionId
                    + "\",\"product_id\":\"" + productId + "\",\"category\":\"" + category + "\",\"action\":\"" + action
                    + "\",\"timestamp\":\"" + EventClock.iso(timestamp) + "\",\"page_url\":\"" + pageUrl
                    + "\",\"referrer\":\"" + referrer + "\"}";
        }
    }

    /** A transaction; {@code amount} is quantity times price. */
    public record Transaction(String transactionId, String userId, String sessionId, String productId, String category,
                              BigDecimal amount, int quantity, Instant timestamp, String paymentMethod, boolean late)
            implements Event {
        @Override
        public String json() {
            return "{\"transaction_id\":\"" + transactionId + "\",\"user_id\":\"" + userId + "\",\"session_id\":\""
                    + sessionId + "\",\"product_id\":\"" + productId + "\",\"category\":\"" + category + "\",\"amount\":"
                    + amount.toPlainString() + ",\"quantity\":" + quantity + ",\"timestamp\":\""
                    + EventClock.iso(timestamp) + "\",\"payment_method\":\"" + paymentMethod + "\"}";
        }
    }

    /** Events 10 ms apart from {@link #DEFAULT_START}, none late, to the seed's topics. */
    public ClickstreamDataset() {
        this(EventClock.of(DEFAULT_START, DEFAULT_STEP), DEFAULT_CLICKS_TOPIC, DEFAULT_TRANSACTIONS_TOPIC);
    }

    public ClickstreamDataset(EventClock clock, String clicksTopic, String transactionsTopic) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.clicksTopic = Objects.requireNonNull(clicksTopic, "clicksTopic");
        this.transactionsTopic = Objects.requireNonNull(transactionsTopic, "transactionsTopic");
    }

    public EventClock clock() {
        return clock;
    }

    /** The events a {@link Generator} run with this seed sends, in order, whatever its malformed fraction. */
    public List<Event> events(long seed, int count) {
        return RecordFactory.drawn(seed, count, this::nextEvent);
    }

    /** Event {@code index}: a click (80 %) or a transaction, every field drawn in a fixed order. */
    public Event nextEvent(Random random, long index) {
        boolean click = random.nextDouble() < CLICKSTREAM_SHARE;
        String user = "user_" + (1 + random.nextInt(USERS));
        Product product = PRODUCTS.get(random.nextInt(PRODUCTS.size()));
        Instant time = clock.eventTime(index);
        String session = "sess_" + user + "_" + Math.floorDiv(time.getEpochSecond(), SESSION_BUCKET.toSeconds());
        String id = String.format(Locale.ROOT, "%012x", random.nextLong() & 0xffff_ffff_ffffL);
        if (click) {
            return new Click("evt_" + id, user, session, product.id(), product.category(),
                    ACTIONS.get(random.nextInt(ACTIONS.size())), time, "/product/" + product.id(),
                    REFERRERS.get(random.nextInt(REFERRERS.size())), clock.isLate(index));
        }
        int quantity = 1 + random.nextInt(MAX_QUANTITY);
        return new Transaction("txn_" + id, user, session, product.id(), product.category(),
                product.price().multiply(BigDecimal.valueOf(quantity)), quantity, time,
                PAYMENT_METHODS.get(random.nextInt(PAYMENT_METHODS.size())), clock.isLate(index));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProducerRecordData next(Random random, long index) {
        Event event = nextEvent(random, index);
        return ProducerRecordData.of(event.userId().getBytes(StandardCharsets.UTF_8),
                event.json().getBytes(StandardCharsets.UTF_8))
                .to(event instanceof Click ? clicksTopic : transactionsTopic);
    }

    @Override
    public byte[] malformedValue(Random random, long index) {
        String user = "user_" + (1 + random.nextInt(USERS));
        String value = random.nextBoolean()
                ? "{\"event_id\":\"evt_" + Long.toHexString(random.nextLong()) + "\",\"user_id\":\"" + user + "\",\"sess"
                : "{\"event_id\":\"evt_" + Long.toHexString(random.nextLong()) + "\",\"user_id\":\"" + user
                        + "\",\"session_id\":\"sess_" + user + "_0\",\"product_id\":\"prod_001\",\"category\":\"electronics\""
                        + ",\"action\":\"view\",\"timestamp\":\"yesterday\",\"page_url\":\"/product/prod_001\",\"referrer\":\"direct\"}";
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
