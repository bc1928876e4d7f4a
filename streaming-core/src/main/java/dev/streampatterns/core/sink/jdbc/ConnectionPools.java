package dev.streampatterns.core.sink.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One connection pool per database and user in each JVM (the driver and every executor), shared by
 * the tasks that run there. A task borrows a connection for the length of its partition and gives it
 * back; nothing holds a connection between batches or shares one across threads.
 */
final class ConnectionPools {
    private static final Map<String, HikariDataSource> POOLS = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ConnectionPools::closeAll, "jdbc-pools-close"));
    }

    private ConnectionPools() {
    }

    static Connection borrow(JdbcTarget target) throws SQLException {
        return POOLS.computeIfAbsent(key(target), key -> create(target)).getConnection();
    }

    private static HikariDataSource create(JdbcTarget target) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(target.url());
        config.setUsername(target.user());
        config.setPassword(target.password());
        config.setAutoCommit(false);
        config.setConnectionInitSql(target.dialect().utcSession());
        // As many connections as tasks that can run at once here; a few is plenty on one executor.
        config.setMaximumPoolSize(Math.max(2, Runtime.getRuntime().availableProcessors()));
        config.setMinimumIdle(0);
        config.setConnectionTimeout(10_000);
        // Fail the batch fast when the database is down, instead of waiting for the pool to fill.
        config.setInitializationFailTimeout(-1);
        config.setPoolName("streaming-patterns " + target);
        return new HikariDataSource(config);
    }

    /** Closes the pool of {@code target}, if there is one; a later borrow opens a new one. */
    static void close(JdbcTarget target) {
        HikariDataSource pool = POOLS.remove(key(target));
        if (pool != null) {
            pool.close();
        }
    }

    private static String key(JdbcTarget target) {
        return target.url() + "\u0000" + target.user();
    }

    static void closeAll() {
        POOLS.values().forEach(HikariDataSource::close);
        POOLS.clear();
    }
}
