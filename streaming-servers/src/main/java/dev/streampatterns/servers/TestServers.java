package dev.streampatterns.servers;

import java.util.Map;

/**
 * The real servers of the sink tests — PostgreSQL, MariaDB, Redis — as {@code bin/test} started them
 * on loopback ports of their own and described them in the environment ({@code SSP_TEST_*}), and the
 * browser of the page tests. A test
 * that needs one and runs without it fails with a message saying how to get it, rather than being
 * skipped: a sink test that silently does not run proves nothing.
 */
public final class TestServers {
    /** A database to connect to by JDBC. */
    public record Database(String url, String user, String password) {
        @Override
        public String toString() {
            return url + " as " + user;
        }
    }

    /** A Redis server. */
    public record Redis(String host, int port) {
    }

    private TestServers() {
    }

    public static Database postgres() {
        return database("POSTGRES", "PostgreSQL");
    }

    public static Database mariadb() {
        return database("MARIADB", "MariaDB");
    }

    public static Redis redis() {
        return new Redis(require("SSP_TEST_REDIS_HOST", "Redis"), Integer.parseInt(require("SSP_TEST_REDIS_PORT", "Redis")));
    }

    /** The {@code redis-server} program, for a test that starts, stops and restarts a server of its own. */
    public static String redisServerBinary() {
        return require("SSP_TEST_REDIS_SERVER", "redis-server");
    }

    /** A headless browser for page tests: Debian's Chromium and its ChromeDriver. */
    public record Browser(String chromium, String chromedriver) {
    }

    /** The Chromium and ChromeDriver that {@code bin/test} installed when missing, for tests of a web page. */
    public static Browser browser() {
        return new Browser(require("SSP_TEST_CHROMIUM", "Chromium"), require("SSP_TEST_CHROMEDRIVER", "ChromeDriver"));
    }

    private static Database database(String name, String label) {
        Map<String, String> env = System.getenv();
        return new Database(require("SSP_TEST_" + name + "_URL", label),
                require("SSP_TEST_" + name + "_USER", label), env.getOrDefault("SSP_TEST_" + name + "_PASSWORD", ""));
    }

    private static String require(String variable, String label) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(label + " for tests is not configured: " + variable + " is not set. "
                    + "Run the tests with bin/test, which starts Redis, PostgreSQL and MariaDB on loopback and sets "
                    + "SSP_TEST_*, or set those variables for servers of your own.");
        }
        return value;
    }
}
