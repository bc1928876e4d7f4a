package dev.streampatterns.core.sink.jdbc;

import dev.streampatterns.core.job.ConfigException;
import dev.streampatterns.core.sink.BatchSink;
import dev.streampatterns.core.sink.SinkException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;

/**
 * Writes each batch to a table of PostgreSQL, MariaDB or H2, appending rows or upserting them by key
 * with the database's own upsert, in batched statements with bound parameters.
 *
 * <p><b>Delivery: exactly once per batch id.</b> A batch is written in one transaction together
 * with a row in {@value #COMMITS_TABLE} ({@code sink_name, batch_id}); a batch whose row is already
 * there was committed before and is skipped, so a batch that Spark replays after a crash never
 * applies twice. The transaction runs on the driver, reading the batch partition by partition
 * ({@code toLocalIterator}): a first design committed each partition on its executor with a row per
 * partition index, and a crash test showed Spark can number the Kafka partitions of a replayed batch
 * differently, so a replay re-inserted committed rows. One transaction per batch holds whatever the
 * partitioning; the price is one connection's throughput per sink.
 *
 * <p>Connections come from a pool per database in each JVM. A failure rolls the transaction back and
 * fails the batch with a {@link SinkException} naming the sink, the database (without password) and
 * the table.
 */
public final class JdbcSink implements BatchSink {
    private static final long serialVersionUID = 1L;
    /** Where committed batches are recorded; created when missing. */
    public static final String COMMITS_TABLE = "ssp_sink_commits";
    /** Commit rows older than this many batches are deleted: only the last batch can be replayed. */
    private static final int RETAINED_BATCHES = 100;

    /** How rows are written. */
    public enum Mode {
        /** Insert every row. */
        APPEND,
        /** Insert, or update the row with the same key columns (the table needs a unique key on them). */
        UPSERT
    }

    private final String name;
    private final JdbcTarget target;
    private final String table;
    private final Mode mode;
    private final List<String> keyColumns;
    private final int statementBatchSize;
    private transient boolean commitsTableReady;

    private JdbcSink(Builder b) {
        this.name = b.name;
        this.target = b.target;
        this.table = SqlIdentifiers.require("table", b.table);
        this.mode = b.mode;
        this.keyColumns = List.copyOf(b.keyColumns);
        this.statementBatchSize = b.statementBatchSize;
        keyColumns.forEach(column -> SqlIdentifiers.require("key-columns", column));
        if (mode == Mode.UPSERT && keyColumns.isEmpty()) {
            throw new ConfigException("key-columns: sink '" + name + "' upserts into " + table + " and needs key columns");
        }
    }

    /**
     * @param name names the sink in its commit records and in errors; keep it stable across restarts
     */
    public static Builder builder(String name, JdbcTarget target, String table) {
        return new Builder(name, target, table);
    }

    @Override
    public void write(Dataset<Row> batch, long batchId) {
        List<String> columns = Arrays.asList(batch.columns());
        columns.forEach(column -> SqlIdentifiers.require("column of sink '" + name + "'", column));
        for (String key : keyColumns) {
            if (!columns.contains(key)) {
                throw new ConfigException("key-columns: '" + key + "' is not a column of the batch " + columns);
            }
        }
        String sql = mode == Mode.APPEND ? target.dialect().insert(table, columns)
                : target.dialect().upsert(table, columns, keyColumns);
        int[] sqlTypes = Arrays.stream(batch.schema().fields()).map(StructField::dataType).mapToInt(JdbcSink::sqlType).toArray();
        try {
            ensureCommitsTable();
            new BatchWriter(describe(), name, target, sql, sqlTypes, batchId, statementBatchSize)
                    .write(batch.toLocalIterator());
            forgetOldCommits(batchId);
        } catch (SinkException e) {
            throw e;
        } catch (Exception e) {
            throw new SinkException(describe() + ": batch " + batchId + " failed: " + rootMessage(e), e);
        }
    }

    /** How the sink names itself in errors: never with a password. */
    public String describe() {
        return "JDBC sink '" + name + "' (" + target + ", table " + table + ")";
    }

    private void ensureCommitsTable() throws SQLException {
        if (commitsTableReady) {
            return;
        }
        try (Connection connection = ConnectionPools.borrow(target); Statement statement = connection.createStatement()) {
            statement.execute(target.dialect().createCommitsTable(COMMITS_TABLE));
            connection.commit();
        }
        commitsTableReady = true;
    }

    private void forgetOldCommits(long batchId) throws SQLException {
        if (batchId % 10 != 0 || batchId < RETAINED_BATCHES) {
            return;
        }
        try (Connection connection = ConnectionPools.borrow(target);
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM " + COMMITS_TABLE + " WHERE sink_name = ? AND batch_id < ?")) {
            delete.setString(1, name);
            delete.setLong(2, batchId - RETAINED_BATCHES);
            delete.executeUpdate();
            connection.commit();
        }
    }

    static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            if (cause instanceof SinkException) {
                return cause.getMessage();
            }
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    static int sqlType(DataType type) {
        if (type.equals(DataTypes.StringType)) {
            return Types.VARCHAR;
        } else if (type.equals(DataTypes.IntegerType)) {
            return Types.INTEGER;
        } else if (type.equals(DataTypes.LongType)) {
            return Types.BIGINT;
        } else if (type.equals(DataTypes.DoubleType)) {
            return Types.DOUBLE;
        } else if (type.equals(DataTypes.FloatType)) {
            return Types.REAL;
        } else if (type.equals(DataTypes.BooleanType)) {
            return Types.BOOLEAN;
        } else if (type.equals(DataTypes.TimestampType)) {
            return Types.TIMESTAMP;
        } else if (type.equals(DataTypes.DateType)) {
            return Types.DATE;
        } else if (type.equals(DataTypes.BinaryType)) {
            return Types.VARBINARY;
        } else if (type.equals(DataTypes.ShortType)) {
            return Types.SMALLINT;
        } else if (type instanceof DecimalType) {
            return Types.DECIMAL;
        }
        throw new ConfigException("the JDBC sink cannot write a column of type " + type.simpleString()
                + "; select or cast it to a scalar type first");
    }

    /** Writes one batch in one transaction with its commit row. */
    private static final class BatchWriter {
        /** The commit row's partition_id: the whole batch (the column stays for tables made by earlier versions). */
        private static final int WHOLE_BATCH = -1;
        private final String description;
        private final String sinkName;
        private final JdbcTarget target;
        private final String sql;
        private final int[] sqlTypes;
        private final long batchId;
        private final int statementBatchSize;

        BatchWriter(String description, String sinkName, JdbcTarget target, String sql, int[] sqlTypes,
                        long batchId, int statementBatchSize) {
            this.description = description;
            this.sinkName = sinkName;
            this.target = target;
            this.sql = sql;
            this.sqlTypes = sqlTypes;
            this.batchId = batchId;
            this.statementBatchSize = statementBatchSize;
        }

        void write(Iterator<Row> rows) {
            if (!rows.hasNext()) {
                return;
            }
            try (Connection connection = ConnectionPools.borrow(target)) {
                try {
                    if (alreadyCommitted(connection)) {
                        connection.rollback();
                        return;
                    }
                    insertRows(connection, rows);
                    recordCommit(connection);
                    connection.commit();
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                throw new SinkException(description + ": batch " + batchId + " failed: " + e.getMessage(), e);
            }
        }

        private boolean alreadyCommitted(Connection connection) throws SQLException {
            try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM " + COMMITS_TABLE
                    + " WHERE sink_name = ? AND batch_id = ? AND partition_id = ?")) {
                select.setString(1, sinkName);
                select.setLong(2, batchId);
                select.setInt(3, WHOLE_BATCH);
                try (ResultSet result = select.executeQuery()) {
                    return result.next();
                }
            }
        }

        private void insertRows(Connection connection, Iterator<Row> rows) throws SQLException {
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                int pending = 0;
                while (rows.hasNext()) {
                    Row row = rows.next();
                    for (int i = 0; i < sqlTypes.length; i++) {
                        Object value = row.get(i);
                        if (value == null) {
                            insert.setNull(i + 1, sqlTypes[i]);
                        } else {
                            insert.setObject(i + 1, value, sqlTypes[i]);
                        }
                    }
                    insert.addBatch();
                    if (++pending == statementBatchSize) {
                        insert.executeBatch();
                        pending = 0;
                    }
                }
                if (pending > 0) {
                    insert.executeBatch();
                }
            }
        }

        private void recordCommit(Connection connection) throws SQLException {
            try (PreparedStatement commit = connection.prepareStatement("INSERT INTO " + COMMITS_TABLE
                    + " (sink_name, batch_id, partition_id, committed_at) VALUES (?, ?, ?, ?)")) {
                commit.setString(1, sinkName);
                commit.setLong(2, batchId);
                commit.setInt(3, WHOLE_BATCH);
                commit.setTimestamp(4, Timestamp.from(Instant.now()));
                commit.executeUpdate();
            }
        }
    }

    public static final class Builder {
        private final String name;
        private final JdbcTarget target;
        private final String table;
        private Mode mode = Mode.APPEND;
        private List<String> keyColumns = new ArrayList<>();
        private int statementBatchSize = 1000;

        private Builder(String name, JdbcTarget target, String table) {
            if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,199}")) {
                throw new ConfigException("sink name '" + name + "': letters, digits, '.', '_' or '-', at most 200");
            }
            this.name = name;
            this.target = java.util.Objects.requireNonNull(target, "target");
            this.table = table;
        }

        public Builder append() {
            this.mode = Mode.APPEND;
            return this;
        }

        /** Upsert by these columns, which must carry a primary key or unique index in the table. */
        public Builder upsertBy(String... columns) {
            this.mode = Mode.UPSERT;
            this.keyColumns = Arrays.asList(columns);
            return this;
        }

        /** Rows per executed JDBC batch (1,000 by default). */
        public Builder statementBatchSize(int rows) {
            if (rows <= 0) {
                throw new ConfigException("statement-batch-size: " + rows + " must be positive");
            }
            this.statementBatchSize = rows;
            return this;
        }

        public JdbcSink build() {
            return new JdbcSink(this);
        }
    }
}
