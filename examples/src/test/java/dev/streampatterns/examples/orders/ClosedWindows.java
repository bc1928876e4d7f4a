package dev.streampatterns.examples.orders;

import dev.streampatterns.generators.OrdersDataset.Order;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import redis.clients.jedis.Jedis;

/**
 * What the orders job must have published for a list of orders none of which is late, computed in
 * plain Java and {@link BigDecimal}: every window whose end is at or before the final watermark (the
 * latest order time minus the watermark delay), per product its exact total and its number of orders,
 * and per product the sum of those windows — as the table and the Redis hash must hold them.
 */
final class ClosedWindows {
    private static final Duration WINDOW = Duration.ofSeconds(5);
    private static final Duration WATERMARK = Duration.ofSeconds(5);

    /** "window start|product" -> "total xcount", the form {@link #inTable} reads. */
    private final Map<String, String> rows = new TreeMap<>();
    /** product -> total, the form {@link #inRedis} reads. */
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

    /** The summary table as "window start|product" -> "total xcount". */
    static Map<String, String> inTable(String url, String user, String password, String table) throws SQLException {
        Map<String, String> read = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT window_start, product, total_value, order_count FROM " + table)) {
            while (rows.next()) {
                Instant start = rows.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC);
                read.put(start + "|" + rows.getString(2), rows.getBigDecimal(3).toPlainString() + " x" + rows.getLong(4));
            }
        }
        return read;
    }

    /** The rows of the summary table, 0 before the job created it. */
    static long rowsInTable(String url, String user, String password, String table) {
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            return 0;
        }
    }

    /** The hash of running totals. */
    static Map<String, String> inRedis(String host, int port, String key) {
        try (Jedis jedis = new Jedis(host, port)) {
            return new TreeMap<>(jedis.hgetAll(key));
        }
    }
}
