package dev.streampatterns.core.sink.jdbc;

import dev.streampatterns.core.config.ConfigException;
import dev.streampatterns.core.config.Names;
import dev.streampatterns.core.sink.BatchSink;
import dev.streampatterns.core.sink.ExactlyOnceSink;
import dev.streampatterns.core.sink.QueryBatch;
import dev.streampatterns.core.sink.RefusedRow;
import dev.streampatterns.core.sink.RefusalPolicy;
import dev.streampatterns.core.sink.RefusedRows;
import dev.streampatterns.core.sink.SinkException;
import dev.streampatterns.core.sink.SinkRefusals;
import dev.streampatterns.core.sink.SinkWrite;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each batch to a table of PostgreSQL, MariaDB or H2, appending rows or upserting them by key
 * with the database's own upsert, in batched statements with bound parameters.
 *
 * <p><b>Delivery: exactly once per batch of a query.</b> A batch is written in one transaction
 * together with a row in {@value #COMMITS_TABLE} ({@code query_id, sink_name, batch_id}); a batch
 * whose row is already there was committed before and is skipped, so a batch that Spark replays
 * after a crash never applies twice, while a run on a new checkpoint (a new query id, batch ids from
 * 0 again) writes every batch. The transaction runs on the driver, reading the batch partition by
 * partition ({@code toLocalIterator}): a first design committed each partition on its executor with
 * a row per partition index, and a crash test showed Spark can number the Kafka partitions of a
 * replayed batch differently. One transaction per batch holds whatever the partitioning; the price
 * is one connection's throughput per sink.
 *
 * <p><b>Rows the database refuses</b> (SQLSTATE classes 22 and 23: a value too long or out of range,
 * a duplicate of a unique key) are isolated without giving up the transaction: each statement batch
 * runs under a savepoint, and one that fails with a data error is rolled back and replayed row by
 * row, each row under its own savepoint. With {@link Builder#refusedRowsTo} the refused rows go to
 * that dead-letter sink, with the server's message, before the transaction commits (so a crash
 * between the two redoes both), and the rest of the batch commits; without it, or when more than
 * {@link Builder#maxRefusedFraction the allowed fraction} of a batch is refused for other reasons than
 * a duplicate key (a sign that the table does not match the data, not of bad records), the batch
 * fails. A duplicate of a unique key is a row written before — for example an event read again on a
 * new checkpoint — and goes to the dead letter however many there are. Any other error — the
 * database down, a timeout, a wrong password, a missing table — rolls the transaction back and fails
 * the batch with a {@link SinkException} naming the sink, the database (without password) and the
 * table, so the restart redoes it.
 *
 * <p>Connections come from a pool per database in each JVM.
 */
public final class JdbcSink implements ExactlyOnceSink {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(JdbcSink.class);
    /** Where committed batches are recorded; created when missing. */
    public static final String COMMITS_TABLE = JdbcCommitLog.TABLE;

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
    private final BatchSink refusedRows;
    private final RefusedRows.SourceColumns sourceColumns;
    private final double maxRefusedFraction;
    private transient JdbcCommitLog commitLog;

    private JdbcSink(Builder b) {
        this.name = b.name;
        this.target = b.target;
        this.table = SqlIdentifiers.require("table", b.table);
        this.mode = b.mode;
        this.keyColumns = List.copyOf(b.keyColumns);
        this.statementBatchSize = b.statementBatchSize;
        this.refusedRows = b.refusedRows;
        this.sourceColumns = b.sourceColumns;
        this.maxRefusedFraction = b.maxRefusedFraction;
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

    /** The database written to, for the job that creates the sink's table. */
    public JdbcTarget target() {
        return target;
    }

    /** The table written to. */
    public String table() {
        return table;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public SinkWrite write(Dataset<Row> batch, QueryBatch queryBatch) {
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
            commitLog().ensureReady();
            SinkWrite result = new BatchTransaction(batch, queryBatch, sql, sqlTypes).run(batch.toLocalIterator());
            if (result.skipped()) {
                LOG.info("{}: {}", describe(), result.describe());
            } else {
                commitLog().forgetOld(name, queryBatch);
            }
            return result;
        } catch (SinkException e) {
            throw e;
        } catch (Exception e) {
            throw new SinkException(describe() + ": batch " + queryBatch.batchId() + " failed: " + rootMessage(e), e);
        }
    }

    /** How the sink names itself in errors: never with a password. */
    public String describe() {
        return "JDBC sink '" + name + "' (" + target + ", table " + table + ")";
    }

    private JdbcCommitLog commitLog() {
        if (commitLog == null) {
            commitLog = new JdbcCommitLog(target);
        }
        return commitLog;
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

    /** One batch in one transaction with its commit row; refused rows isolated under savepoints. */
    private final class BatchTransaction {
        private final Dataset<Row> batch;
        private final QueryBatch queryBatch;
        private final String sql;
        private final int[] sqlTypes;
        private final List<RefusedRow> refused = new ArrayList<>();
        /** Refused rows that count against the fraction limit: all but duplicates of rows already there. */
        private long refusedAsMismatch;
        private long rows;

        BatchTransaction(Dataset<Row> batch, QueryBatch queryBatch, String sql, int[] sqlTypes) {
            this.batch = batch;
            this.queryBatch = queryBatch;
            this.sql = sql;
            this.sqlTypes = sqlTypes;
        }

        SinkWrite run(Iterator<Row> input) throws Exception {
            if (!input.hasNext()) {
                return SinkWrite.written(name, queryBatch, 0, List.of());
            }
            try (Connection connection = ConnectionPools.borrow(target)) {
                try {
                    if (commitLog().isCommitted(connection, name, queryBatch)) {
                        connection.rollback();
                        return SinkWrite.replaySkipped(name, queryBatch);
                    }
                    insertRows(connection, input);
                    handleRefused();
                    commitLog().record(connection, name, queryBatch);
                    connection.commit();
                    return SinkWrite.written(name, queryBatch, rows - refused.size(), refused);
                } catch (Exception e) {
                    connection.rollback();
                    throw e;
                }
            }
        }

        private void insertRows(Connection connection, Iterator<Row> input) throws SQLException {
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                List<Row> chunk = new ArrayList<>(Math.min(statementBatchSize, 1024));
                while (input.hasNext()) {
                    chunk.add(input.next());
                    if (chunk.size() == statementBatchSize || !input.hasNext()) {
                        insertChunk(connection, insert, chunk);
                        rows += chunk.size();
                        chunk.clear();
                    }
                }
            }
        }

        /** One statement batch under a savepoint; on a data error, row by row to find the rows refused. */
        private void insertChunk(Connection connection, PreparedStatement insert, List<Row> chunk) throws SQLException {
            Savepoint beforeChunk = connection.setSavepoint();
            try {
                for (Row row : chunk) {
                    bind(insert, row);
                    insert.addBatch();
                }
                insert.executeBatch();
                connection.releaseSavepoint(beforeChunk);
                return;
            } catch (SQLException e) {
                if (!SqlErrors.isDataError(e)) {
                    throw e;
                }
                insert.clearBatch();
                connection.rollback(beforeChunk);
            }
            for (Row row : chunk) {
                Savepoint beforeRow = connection.setSavepoint();
                try {
                    bind(insert, row);
                    insert.executeUpdate();
                    connection.releaseSavepoint(beforeRow);
                } catch (SQLException e) {
                    if (!SqlErrors.isDataError(e)) {
                        throw e;
                    }
                    connection.rollback(beforeRow);
                    refused.add(new RefusedRow(row, SqlErrors.message(e)));
                    if (!SqlErrors.isDuplicateKey(e)) {
                        refusedAsMismatch++;
                    }
                }
            }
        }

        private void bind(PreparedStatement insert, Row row) throws SQLException {
            for (int i = 0; i < sqlTypes.length; i++) {
                Object value = row.get(i);
                if (value == null) {
                    insert.setNull(i + 1, sqlTypes[i]);
                } else {
                    insert.setObject(i + 1, SqlValues.utc(value), sqlTypes[i]);
                }
            }
        }

        /** Sends refused rows to the dead letter before the commit, or fails the batch. */
        private void handleRefused() throws Exception {
            if (refused.isEmpty()) {
                return;
            }
            String first = "first: " + refused.get(0).reason();
            if (refusedRows == null) {
                throw new SinkException(describe() + ": batch " + queryBatch.batchId() + " failed: the database refused "
                        + refused.size() + " of " + rows + " rows and the sink has no dead letter for them; " + first);
            }
            if (RefusedRows.tooMany(refusedAsMismatch, rows, maxRefusedFraction)) {
                throw new SinkException(String.format(Locale.ROOT, "%s: batch %d failed: the database refused %d of %d "
                        + "rows, more than the allowed fraction %.2f (does the table match the data?); %s",
                        describe(), queryBatch.batchId(), refusedAsMismatch, rows, maxRefusedFraction, first));
            }
            refusedRows.write(RefusedRows.asDeadLetters(batch.sparkSession(), describe(), refused, sourceColumns),
                    queryBatch.batchId());
            SinkRefusals.record(queryBatch, name, refused.size());
            LOG.warn("{}: {}: {} of {} rows refused and sent to the dead letter; {}", describe(), queryBatch,
                    refused.size(), rows, first);
        }
    }

    public static final class Builder {
        private final String name;
        private final JdbcTarget target;
        private final String table;
        private Mode mode = Mode.APPEND;
        private List<String> keyColumns = new ArrayList<>();
        private int statementBatchSize = 1000;
        private BatchSink refusedRows;
        private RefusedRows.SourceColumns sourceColumns = RefusedRows.SourceColumns.NONE;
        private double maxRefusedFraction = RefusedRows.DEFAULT_MAX_FRACTION;

        private Builder(String name, JdbcTarget target, String table) {
            this.name = Names.sinkOrQuery("sink name", name);
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

        /**
         * Rows the database refuses as data errors go to this dead-letter sink (rows of
         * {@code DeadLetter.SCHEMA}), written before the batch commits; the source columns, when the
         * rows carry them, say where each refused row's record was read. Without a dead letter a
         * refused row fails the batch.
         */
        public Builder refusedRowsTo(BatchSink deadLetters, RefusedRows.SourceColumns source) {
            this.refusedRows = java.util.Objects.requireNonNull(deadLetters, "deadLetters");
            this.sourceColumns = java.util.Objects.requireNonNull(source, "source");
            return this;
        }

        /**
         * The batch fails anyway when more than this fraction of its rows is refused as data errors
         * (0.5 by default; applied to batches of at least 20 rows; duplicates of a unique key do not count).
         */
        public Builder maxRefusedFraction(double fraction) {
            this.maxRefusedFraction = RefusedRows.requireFraction("max-refused-fraction", fraction);
            return this;
        }

        /**
         * A job's policy for refused rows ({@code --on-sink-error}, {@code --max-refused-fraction}): to
         * {@code deadLetters}, saying where each row was read, or a failed batch; and the fraction limit.
         */
        public Builder refusalPolicy(RefusalPolicy policy, BatchSink deadLetters, RefusedRows.SourceColumns source) {
            maxRefusedFraction(policy.maxRefusedFraction());
            return policy.deadLetters() ? refusedRowsTo(deadLetters, source) : this;
        }

        public JdbcSink build() {
            return new JdbcSink(this);
        }
    }
}
