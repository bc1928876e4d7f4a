package dev.streampatterns.examples.orders;

import dev.streampatterns.generators.OrdersDataset.Order;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the orders job must have published for a list of orders none of which is late, computed in
 * plain Java and {@link BigDecimal}: every window whose end is at or before the final watermark (the
 * latest order time minus the watermark delay), per product its exact total and its number of orders,
 * and per product the sum of those windows — in the forms {@link OrdersServers} reads the table and
 * the Redis hash in.
 */
final class ClosedWindows {
    private static final Duration WINDOW = Duration.ofSeconds(5);
    private static final Duration WATERMARK = Duration.ofSeconds(5);

    /** "window start|product" -> "total xcount". */
    private final Map<String, String> rows = new TreeMap<>();
    /** product -> total. */
    private final Map<String, String> totals = new TreeMap<>();

    ClosedWindows(List<Order> orders) {
        long watermark = orders.stream().mapToLong(o -> o.timestamp().toEpochMilli()).max().orElseThrow()
                - WATERMARK.toMillis();
        Map<String, BigDecimal> sums = new TreeMap<>();
        Map<String, Long> counts = new TreeMap<>();
        Map<String, BigDecimal> perProduct = new TreeMap<>();
        for (Order order : orders) {
            long start = Math.floorDiv(order.timestamp().toEpochMilli(), WINDOW.toMillis()) * WINDOW.toMillis();
            if (start + WINDOW.toMillis() > watermark) {
                continue;   // still open when the stream ends: never published
            }
            String key = Instant.ofEpochMilli(start) + "|" + order.product();
            sums.merge(key, order.value(), BigDecimal::add);
            counts.merge(key, 1L, Long::sum);
            perProduct.merge(order.product(), order.value(), BigDecimal::add);
        }
        sums.forEach((key, sum) -> rows.put(key, sum.toPlainString() + " x" + counts.get(key)));
        perProduct.forEach((product, sum) -> totals.put(product, sum.toPlainString()));
    }

    Map<String, String> rows() {
        return rows;
    }

    Map<String, String> totals() {
        return totals;
    }
}
