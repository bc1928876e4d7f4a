package dev.streampatterns.core.sink.jdbc;

import dev.streampatterns.core.config.ConfigException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What differs between the databases the JDBC sink writes to: how a URL names them, each one's own
 * upsert statement, and how a session is put in UTC.
 *
 * <p>Every connection the project opens runs its session in UTC, and the sink binds a timestamp as
 * its UTC date and time: a {@code TIMESTAMP} column without a zone then holds the same instant
 * wherever the job runs, and {@code CURRENT_TIMESTAMP} defaults agree with it. Drivers otherwise
 * use the JVM's zone, so the same event was stored five hours apart from New York and from London.
 */
public enum JdbcDialect {
    POSTGRESQL("SET TIME ZONE 'UTC'", "TIMESTAMP(3)", "", "jdbc:postgresql:") {
        @Override
        String upsert(String table, List<String> columns, List<String> keys) {
            return insert(table, columns) + " ON CONFLICT (" + String.join(", ", keys) + ") DO "
                    + (nonKeys(columns, keys).isEmpty() ? "NOTHING" : "UPDATE SET " + nonKeys(columns, keys).stream()
                            .map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", ")));
        }
    },
    MARIADB("SET time_zone = '+00:00'", "DATETIME(3)", "DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin",
            "jdbc:mariadb:", "jdbc:mysql:") {
        @Override
        String upsert(String table, List<String> columns, List<String> keys) {
            List<String> update = nonKeys(columns, keys).isEmpty() ? List.of(keys.get(0)) : nonKeys(columns, keys);
            return insert(table, columns) + " ON DUPLICATE KEY UPDATE "
                    + update.stream().map(c -> c + " = VALUES(" + c + ")").collect(Collectors.joining(", "));
        }
    },
    H2("SET TIME ZONE 'UTC'", "TIMESTAMP(3)", "", "jdbc:h2:") {
        @Override
        String upsert(String table, List<String> columns, List<String> keys) {
            return "MERGE INTO " + table + " (" + String.join(", ", columns) + ") KEY (" + String.join(", ", keys)
                    + ") VALUES (" + placeholders(columns.size()) + ")";
        }
    };

    private final String utcSession;
    private final String timestampType;
    private final String tableOptions;
    private final List<String> urlPrefixes;

    JdbcDialect(String utcSession, String timestampType, String tableOptions, String... urlPrefixes) {
        this.utcSession = utcSession;
        this.timestampType = timestampType;
        this.tableOptions = tableOptions;
        this.urlPrefixes = List.of(urlPrefixes);
    }

    /**
     * What a table needs to compare text as Spark does: on MariaDB UTF-8 with a binary collation that
     * does not pad, so that {@code Mouse}, {@code mouse} and {@code Mouse } are three keys (a server's
     * default, latin1 and case-insensitive, would make an upsert of one overwrite another, and refuse
     * {@code 鼠标}); nothing elsewhere, where that is the default.
     */
    String tableOptions() {
        return tableOptions;
    }

    /** The column type for a date and time in UTC, to the millisecond, that spans years 1 (or 1000) to 9999. */
    String timestampType() {
        return timestampType;
    }

    /** The statement that puts a session in UTC, run on every new connection. */
    String utcSession() {
        return utcSession;
    }

    /** The dialect of a JDBC URL; fails naming the option when no dialect matches. */
    public static JdbcDialect ofUrl(String option, String url) {
        for (JdbcDialect dialect : values()) {
            if (dialect.urlPrefixes.stream().anyMatch(url::startsWith)) {
                return dialect;
            }
        }
        throw new ConfigException(option + ": no supported database in '" + JdbcTarget.withoutSecrets(url)
                + "'; accepted: URLs starting with " + Arrays.stream(values())
                        .flatMap(d -> d.urlPrefixes.stream()).collect(Collectors.joining(", ")));
    }

    /** A dialect by name, without regard to case; fails naming the option and the accepted names. */
    public static JdbcDialect named(String option, String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(option + ": unknown dialect '" + name + "'; accepted: "
                    + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
        }
    }

    String insert(String table, List<String> columns) {
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES (" + placeholders(columns.size()) + ")";
    }

    abstract String upsert(String table, List<String> columns, List<String> keys);

    private static List<String> nonKeys(List<String> columns, List<String> keys) {
        return columns.stream().filter(c -> !keys.contains(c)).collect(Collectors.toList());
    }

    private static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }
}
