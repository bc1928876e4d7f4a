package dev.streampatterns.examples.orders;

import dev.streampatterns.servers.TestServers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import redis.clients.jedis.Jedis;

/**
 * A test's own summary table, Redis hash and topic on the MariaDB and Redis that {@code bin/test}
 * started, the chapter's arguments that point at them, and what they hold, read back as a user
 * would with another client.
 */
final class OrdersServers {
    private final TestServers.Database mariadb = TestServers.mariadb();
    private final TestServers.Redis redis = TestServers.redis();
    private final String table;
    private final String redisKey;
    private final String topic;

    OrdersServers(String name) {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        this.table = name + "_" + id;
        this.redisKey = name + "-" + id + ":total-per-product";
        this.topic = name + "-" + id;
    }

    String topic() {
        return topic;
    }

    String redisKey() {
        return redisKey;
    }

    /** The password goes by the environment, as a user would give it: never on a command line. */
    Map<String, String> environment() {
        return Map.of("SSP_JDBC_PASSWORD", mariadb.password());
    }

    String password() {
        return mariadb.password();
    }

    /** {@code chapter2-orders} on this broker, table, hash and topic, checkpoints under {@code checkpoints}, then {@code more}. */
    List<String> chapter(String bootstrapServers, Path checkpoints, String... more) {
        List<String> args = new ArrayList<>(List.of("chapter2-orders", "--bootstrap-servers", bootstrapServers,
                "--topic", topic, "--dead-letter-topic", topic + ".dead-letter",
                "--jdbc-url", mariadb.url(), "--jdbc-user", mariadb.user(), "--table", table,
                "--redis-host", redis.host(), "--redis-port", String.valueOf(redis.port()), "--redis-key", redisKey,
                "--checkpoint-root", checkpoints.toString(), "--master", "local[2]"));
        args.addAll(Arrays.asList(more));
        return args;
    }

    /** The summary table as "window start|product" -> "total xcount". */
    Map<String, String> tableRows() throws SQLException {
        Map<String, String> read = new TreeMap<>();
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT window_start, product, total_value, order_count FROM " + table)) {
            while (rows.next()) {
                Instant start = rows.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC);
                read.put(start + "|" + rows.getString(2), rows.getBigDecimal(3).toPlainString() + " x" + rows.getLong(4));
            }
        }
        return read;
    }

    /** The rows of the summary table, 0 before the job created it. */
    long tableRowCount() {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            return 0;
        }
    }

    /** The hash of running totals. */
    Map<String, String> redisTotals() {
        try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
            return new TreeMap<>(jedis.hgetAll(redisKey));
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(mariadb.url(), mariadb.user(), mariadb.password());
    }
}
