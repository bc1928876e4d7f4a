package dev.streampatterns.generators;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * The orders of SPEC section 2 (course chapter 2): topic {@value #DEFAULT_TOPIC}, key = the order id,
 * one JSON object per order, for example
 * <pre>{"orderId":"5e8a…","product":"Mouse","quantity":2,"price":10.50,"timestamp":"2026-01-01T00:00:00.250Z"}</pre>
 * The price is a JSON number with two decimals, never a binary fraction; no Kafka timestamp (the
 * record gets the producer's clock).
 *
 * <p>Products {@link #PRODUCTS} (Keyboard 25.00, Mouse 10.50, Monitor 140.00) and quantities 1-4 are
 * picked uniformly; the order id is a UUID drawn from the same seeded random, so a seed fixes every
 * field. Event time comes from an {@link EventClock}: order {@code i} happens at {@code start + i * step}
 * (250 ms by default: twenty orders per 5-second window), and a late fraction arrives behind the stream.
 *
 * <p>Malformed values are JSON cut off in the middle of a field name, or a quantity written as a word:
 * an orders decoder rejects both.
 */
public final class OrdersDataset implements RecordFactory {
    public static final String NAME = "orders";
    /** The input topic of SPEC section 2. */
    public static final String DEFAULT_TOPIC = "streaming.orders.input";
    /** The course's products and their prices. */
    public static final List<Product> PRODUCTS = List.of(new Product("Keyboard", new BigDecimal("25.00")),
            new Product("Mouse", new BigDecimal("10.50")), new Product("Monitor", new BigDecimal("140.00")));
    public static final int MAX_QUANTITY = 4;
    /** The default event clock starts here (the test kit's base instant). */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");
    /** The default event clock advances a quarter of a second per order. */
    public static final Duration DEFAULT_STEP = Duration.ofMillis(250);

    private final EventClock clock;

    /** A product and its unit price. */
    public record Product(String name, BigDecimal price) {
    }

    /** One order as the generator sends it; {@code late} says it was sent behind the stream. */
    public record Order(String orderId, String product, int quantity, BigDecimal price, Instant timestamp,
                        boolean late) {

        /** What the order is worth: quantity times price, exact. */
        public BigDecimal value() {
            return price.multiply(BigDecimal.valueOf(quantity));
        }

        /** The JSON value sent to Kafka. */
        public String json() {
            return "{\"orderId\":\"" + orderId + "\",\"product\":\"" + product + "\",\"quantity\":" + quantity
                    + ",\"price\":" + price.toPlainString() + ",\"timestamp\":\"" + EventClock.iso(timestamp) + "\"}";
        }
    }

    /** Orders a quarter of a second apart from {@link #DEFAULT_START}, none late. */
    public OrdersDataset() {
        this(EventClock.of(DEFAULT_START, DEFAULT_STEP));
    }

    /** Orders on this event clock. */
    public OrdersDataset(EventClock clock) {
        this.clock = java.util.Objects.requireNonNull(clock, "clock");
    }

    public EventClock clock() {
        return clock;
    }

    /**
     * The orders a {@link Generator} run with this seed sends, in order, for the first {@code count}
     * orders, whatever its malformed fraction.
     */
    public List<Order> orders(long seed, int count) {
        return RecordFactory.drawn(seed, count, this::nextOrder);
    }

    /** Order {@code index}; draws the id, the product, then the quantity. */
    public Order nextOrder(Random random, long index) {
        String orderId = new UUID(random.nextLong(), random.nextLong()).toString();
        Product product = PRODUCTS.get(random.nextInt(PRODUCTS.size()));
        int quantity = 1 + random.nextInt(MAX_QUANTITY);
        return new Order(orderId, product.name(), quantity, product.price(), clock.eventTime(index),
                clock.isLate(index));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProducerRecordData next(Random random, long index) {
        Order order = nextOrder(random, index);
        return ProducerRecordData.of(order.orderId().getBytes(StandardCharsets.UTF_8),
                order.json().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public byte[] malformedValue(Random random, long index) {
        Product product = PRODUCTS.get(random.nextInt(PRODUCTS.size()));
        String value = random.nextBoolean()
                ? "{\"orderId\":\"" + new UUID(random.nextLong(), random.nextLong()) + "\",\"prod"
                : "{\"orderId\":\"" + new UUID(random.nextLong(), random.nextLong()) + "\",\"product\":\"" + product.name()
                        + "\",\"quantity\":\"two\",\"price\":" + product.price().toPlainString() + ",\"timestamp\":\""
                        + EventClock.iso(clock.streamTime(index)) + "\"}";
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
