package dev.streampatterns.core.sink.jdbc;

import dev.streampatterns.core.job.CannotConnectException;
import dev.streampatterns.core.config.ConfigException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A database to write to: URL, user and password, and the dialect read from the URL. The password
 * comes from configuration or the environment and never appears in {@link #toString()}, in logs or
 * in error messages.
 */
public final class JdbcTarget implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String url;
    private final String user;
    private final String password;
    private final JdbcDialect dialect;

    private JdbcTarget(String url, String user, String password, JdbcDialect dialect) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.dialect = dialect;
    }

    /** A target by URL; the dialect is read from the URL ({@code jdbc:postgresql:}, {@code jdbc:mariadb:}, {@code jdbc:h2:}). */
    public static JdbcTarget of(String url, String user, String password) {
        if (url == null || url.isBlank()) {
            throw new ConfigException("jdbc-url: missing");
        }
        return new JdbcTarget(url, user, password == null ? "" : password, JdbcDialect.ofUrl("jdbc-url", url));
    }

    /** The embedded default when no database is configured: an H2 database file under {@code folder}. */
    public static JdbcTarget embeddedH2(Path folder) {
        Objects.requireNonNull(folder, "folder");
        return of("jdbc:h2:file:" + folder.toAbsolutePath().resolve("streaming-patterns") + ";MODE=PostgreSQL", "sa", "");
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    String password() {
        return password;
    }

    /**
     * A new connection outside any pool (auto-commit on), its session in UTC like the pool's (see
     * {@link JdbcDialect}), for setup, checks and reports; the caller closes it.
     */
    public java.sql.Connection connect() throws java.sql.SQLException {
        java.sql.Connection connection = java.sql.DriverManager.getConnection(url, user, password);
        try (java.sql.Statement statement = connection.createStatement()) {
            statement.execute(dialect.utcSession());
        } catch (java.sql.SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /**
     * Opens and closes one connection: the check that the database is there, and takes these
     * credentials, before a job starts.
     *
     * @throws CannotConnectException with the driver's reason if it cannot connect
     */
    public void checkConnection() {
        try (java.sql.Connection ignored = connect()) {
            // Connected: nothing more to ask.
        } catch (java.sql.SQLException e) {
            throw new CannotConnectException("cannot connect to " + this + ": " + e.getMessage(), e);
        }
    }

    /**
     * Closes this JVM's pooled connections to the database (the sinks' and the scripts'), for a run
     * that removes an embedded database when it ends; a later write opens a new pool.
     */
    public void closePool() {
        ConnectionPools.close(this);
    }

    public JdbcDialect dialect() {
        return dialect;
    }

    /** Drops anything that looks like a credential from a URL before it is shown. */
    static String withoutSecrets(String url) {
        return url.replaceAll("(?i)(password|pwd|secret)=[^;&]*", "$1=***").replaceAll("//[^/@]*@", "//***@");
    }

    @Override
    public String toString() {
        return dialect.name().toLowerCase(java.util.Locale.ROOT) + " " + withoutSecrets(url) + " as " + user;
    }
}
