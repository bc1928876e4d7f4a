package dev.streampatterns.core.sink.jdbc;

import dev.streampatterns.core.sink.QueryBatch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batches each JDBC sink has committed, in table {@value #TABLE} of the database it writes to:
 * one row per (query id, sink name, batch id), inserted in the same transaction as the batch's rows.
 *
 * <p>Earlier versions kept {@value #LEGACY_TABLE} keyed by sink name and batch id only, so a new
 * checkpoint, whose batch ids start at 0 again, found the batches of an earlier run and skipped
 * them. On first use the legacy rows are moved here under {@value #LEGACY_QUERY_ID}, an id no query
 * can have (they say which batches ran, not of which query, so they never make a batch skip), and
 * the legacy table is dropped.
 */
final class JdbcCommitLog {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcCommitLog.class);
    static final String TABLE = "ssp_sink_batches";
    static final String LEGACY_TABLE = "ssp_sink_commits";
    /** The query id of commit rows migrated from {@value #LEGACY_TABLE}: not a valid {@link QueryBatch} id. */
    static final String LEGACY_QUERY_ID = "(before query ids)";
    /** Only a query's last batch can be replayed; older commit rows are deleted every tenth batch. */
    private static final int RETAINED_BATCHES = 100;

    private final JdbcTarget target;
    private volatile boolean ready;

    JdbcCommitLog(JdbcTarget target) {
        this.target = target;
    }

    /** Creates the table when missing and moves the rows of an earlier version's table into it. */
    void ensureReady() throws SQLException {
        if (ready) {
            return;
        }
        try (Connection connection = ConnectionPools.borrow(target); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (query_id VARCHAR(64) NOT NULL, "
                    + "sink_name VARCHAR(200) NOT NULL, batch_id BIGINT NOT NULL, committed_at TIMESTAMP NOT NULL, "
                    + "PRIMARY KEY (query_id, sink_name, batch_id))");
            connection.commit();
            if (legacyTableExists()) {
                migrateLegacyRows(connection, statement);
            }
        }
        ready = true;
    }

    boolean isCommitted(Connection connection, String sinkName, QueryBatch batch) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT 1 FROM " + TABLE + " WHERE query_id = ? AND sink_name = ? AND batch_id = ?")) {
            select.setString(1, batch.queryId());
            select.setString(2, sinkName);
            select.setLong(3, batch.batchId());
            try (ResultSet result = select.executeQuery()) {
                return result.next();
            }
        }
    }

    /** Records the batch as committed, inside the caller's transaction. */
    void record(Connection connection, String sinkName, QueryBatch batch) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE
                + " (query_id, sink_name, batch_id, committed_at) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, batch.queryId());
            insert.setString(2, sinkName);
            insert.setLong(3, batch.batchId());
            insert.setObject(4, SqlValues.utc(Instant.now()), java.sql.Types.TIMESTAMP);
            insert.executeUpdate();
        }
    }

    /** Deletes this query's commit rows that no replay can need any more. */
    void forgetOld(String sinkName, QueryBatch batch) throws SQLException {
        if (batch.batchId() % 10 != 0 || batch.batchId() < RETAINED_BATCHES) {
            return;
        }
        try (Connection connection = ConnectionPools.borrow(target);
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM " + TABLE + " WHERE query_id = ? AND sink_name = ? AND batch_id < ?")) {
            delete.setString(1, batch.queryId());
            delete.setString(2, sinkName);
            delete.setLong(3, batch.batchId() - RETAINED_BATCHES);
            delete.executeUpdate();
            connection.commit();
        }
    }

    private boolean legacyTableExists() {
        // On its own auto-commit connection: in PostgreSQL a failed statement would abort a transaction.
        try (Connection probe = target.connect(); Statement statement = probe.createStatement()) {
            statement.executeQuery("SELECT COUNT(*) FROM " + LEGACY_TABLE + " WHERE 1 = 0").close();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private void migrateLegacyRows(Connection connection, Statement statement) throws SQLException {
        try (PreparedStatement clear = connection.prepareStatement("DELETE FROM " + TABLE + " WHERE query_id = ?");
             PreparedStatement copy = connection.prepareStatement("INSERT INTO " + TABLE
                     + " (query_id, sink_name, batch_id, committed_at) SELECT ?, sink_name, batch_id, MAX(committed_at) FROM "
                     + LEGACY_TABLE + " GROUP BY sink_name, batch_id")) {
            // A migration interrupted before the drop left copied rows: copy again from scratch.
            clear.setString(1, LEGACY_QUERY_ID);
            clear.executeUpdate();
            copy.setString(1, LEGACY_QUERY_ID);
            int moved = copy.executeUpdate();
            statement.execute("DROP TABLE " + LEGACY_TABLE);
            connection.commit();
            LOG.warn("{}: moved {} commit rows of an earlier version from {} to {} (query id '{}'). They name no "
                    + "query, so they skip no batch: a batch that was in flight when the earlier version stopped "
                    + "is written again on restart.", target, moved, LEGACY_TABLE, TABLE, LEGACY_QUERY_ID);
        } catch (SQLException e) {
            connection.rollback();
            if (legacyTableExists()) {
                throw e;
            }
            // Another job migrated the table at the same time: nothing left to do.
        }
    }
}
