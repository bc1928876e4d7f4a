package dev.streampatterns.core.sink.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Runs a DDL script from the class path (statements separated by {@code ;} at the end of a line),
 * for a job that creates its tables, indexes and views at start, then the database's own script
 * beside it when there is one: {@code /a/t.sql}, then {@code /a/t.postgresql.sql} on PostgreSQL
 * (for what only one database has, such as SQL functions). Scripts are the project's own
 * resources; what is substituted into them is {@code ${name}} placeholders with identifiers that pass
 * {@link SqlIdentifiers} (such as a configurable table name), and {@code ${timestamp_type}}, the
 * database's column type for a UTC date and time to the millisecond ({@code DATETIME(3)} on MariaDB,
 * whose {@code TIMESTAMP} ends in 2038 and follows the session's zone; {@code TIMESTAMP(3)} elsewhere),
 * and {@code ${table_options}}, what a {@code CREATE TABLE} needs to compare text as Spark does (UTF-8
 * and a case- and space-sensitive collation on MariaDB).
 */
public final class JdbcScripts {
    private JdbcScripts() {
    }

    public static void run(JdbcTarget target, String resource) {
        run(target, resource, java.util.Map.of());
    }

    public static void run(JdbcTarget target, String resource, java.util.Map<String, String> identifiers) {
        if (JdbcScripts.class.getResource(resource) == null) {
            throw new IllegalArgumentException("no SQL script on the class path at " + resource);
        }
        runOne(target, resource, identifiers);
        String dialectScript = resource.replaceFirst("\\.sql$", "") + "."
                + target.dialect().name().toLowerCase(java.util.Locale.ROOT) + ".sql";
        if (JdbcScripts.class.getResource(dialectScript) != null) {
            runOne(target, dialectScript, identifiers);
        }
    }

    private static void runOne(JdbcTarget target, String resource, java.util.Map<String, String> identifiers) {
        String script;
        try (InputStream in = JdbcScripts.class.getResourceAsStream(resource)) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (java.util.Map.Entry<String, String> identifier : identifiers.entrySet()) {
                script = script.replace("${" + identifier.getKey() + "}",
                        SqlIdentifiers.require(identifier.getKey(), identifier.getValue()));
            }
            script = script.replace("${timestamp_type}", target.dialect().timestampType())
                    .replace("${table_options}", target.dialect().tableOptions());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
        try (Connection connection = ConnectionPools.borrow(target); Statement statement = connection.createStatement()) {
            for (String sql : script.split(";\\s*(\\r?\\n|$)")) {
                String trimmed = sql.lines().filter(line -> !line.trim().startsWith("--"))
                        .reduce("", (a, b) -> a + "\n" + b).trim();
                if (!trimmed.isEmpty()) {
                    statement.execute(trimmed);
                }
            }
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("script " + resource + " failed on " + target + ": " + e.getMessage(), e);
        }
    }
}
