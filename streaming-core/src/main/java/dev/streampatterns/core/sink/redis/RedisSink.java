package dev.streampatterns.core.sink.redis;

import static org.apache.spark.sql.functions.col;

import dev.streampatterns.core.job.ConfigException;
import dev.streampatterns.core.sink.ExactlyOnceSink;
import dev.streampatterns.core.sink.QueryBatch;
import dev.streampatterns.core.sink.SinkException;
import dev.streampatterns.core.sink.SinkWrite;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each batch to Redis with one of three commands: increments of sorted-set members
 * ({@code ZINCRBY}, e.g. a leaderboard), increments of hash fields ({@code HINCRBY} for whole
 * numbers, {@code HINCRBYFLOAT} otherwise, e.g. running totals), or plain values ({@code SET}).
 *
 * <p><b>Delivery: exactly once per batch of a query.</b> A batch's updates are applied in one
 * {@code MULTI}/{@code EXEC} transaction together with a marker key
 * ({@code ssp:sink:<name>:query:<query id>:batch:<id>}, kept 7 days); the marker is {@code WATCH}ed
 * and checked first, so a batch replayed after a crash is skipped instead of adding its increments
 * twice, and a run on a new checkpoint (a new query id) writes every batch. Markers of earlier
 * versions ({@code ssp:sink:<name>:batch:<id>}) are ignored and expire by themselves. As in
 * {@code JdbcSink}, the transaction runs on the driver over the whole batch, because Spark may number
 * the partitions of a replayed batch differently.
 *
 * <p>Increments are summed per member before they are sent, so a batch costs one command per
 * distinct member, pipelined in the transaction. A failure fails the batch with a
 * {@link SinkException} naming the sink and the server.
 */
public final class RedisSink implements ExactlyOnceSink {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RedisSink.class);
    private static final long MARKER_TTL_SECONDS = 7 * 24 * 3600L;

    /** The command a sink applies per row. */
    public enum Command { ZINCRBY, HINCRBY, SET }

    private final String name;
    private final RedisEndpoint endpoint;
    private final Command command;
    private final String key;
    private final String memberColumn;
    private final String valueColumn;

    private RedisSink(String name, RedisEndpoint endpoint, Command command, String key, String memberColumn,
                      String valueColumn) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,199}")) {
            throw new ConfigException("sink name '" + name + "': letters, digits, '.', '_' or '-', at most 200");
        }
        if (key == null || key.isEmpty()) {
            throw new ConfigException("redis key of sink '" + name + "': missing");
        }
        this.name = name;
        this.endpoint = java.util.Objects.requireNonNull(endpoint, "endpoint");
        this.command = command;
        this.key = key;
        this.memberColumn = memberColumn;
        this.valueColumn = valueColumn;
    }

    /** {@code ZINCRBY key amount member} per row: e.g. {@code player-leaderboard}, member = player, amount = score. */
    public static RedisSink sortedSetIncrements(String name, RedisEndpoint endpoint, String key, String memberColumn,
                                                String amountColumn) {
        return new RedisSink(name, endpoint, Command.ZINCRBY, key, memberColumn, amountColumn);
    }

    /** {@code HINCRBY}/{@code HINCRBYFLOAT key field amount} per row: running totals per field in one hash. */
    public static RedisSink hashIncrements(String name, RedisEndpoint endpoint, String key, String fieldColumn,
                                           String amountColumn) {
        return new RedisSink(name, endpoint, Command.HINCRBY, key, fieldColumn, amountColumn);
    }

    /** {@code SET <keyPrefix><key column> <value column>} per row; the last row of a key in a partition wins. */
    public static RedisSink values(String name, RedisEndpoint endpoint, String keyPrefix, String keyColumn,
                                   String valueColumn) {
        return new RedisSink(name, endpoint, Command.SET, keyPrefix, keyColumn, valueColumn);
    }

    public String describe() {
        return "Redis sink '" + name + "' (" + endpoint + ", " + command + " " + key + ")";
    }

    /** The marker of a committed batch. */
    public static String markerKey(String sinkName, QueryBatch batch) {
        return "ssp:sink:" + sinkName + ":query:" + batch.queryId() + ":batch:" + batch.batchId();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public SinkWrite write(Dataset<Row> batch, QueryBatch queryBatch) {
        long batchId = queryBatch.batchId();
        List<String> columns = Arrays.asList(batch.columns());
        for (String column : new String[] {memberColumn, valueColumn}) {
            if (!columns.contains(column)) {
                throw new ConfigException(describe() + ": no column '" + column + "' in " + columns);
            }
        }
        DataType amountType = batch.schema().apply(valueColumn).dataType();
        boolean wholeNumbers = amountType.equals(DataTypes.LongType) || amountType.equals(DataTypes.IntegerType)
                || amountType.equals(DataTypes.ShortType);
        if (command != Command.SET && !wholeNumbers && !amountType.equals(DataTypes.DoubleType)
                && !amountType.equals(DataTypes.FloatType) && !(amountType instanceof org.apache.spark.sql.types.DecimalType)) {
            throw new ConfigException(describe() + ": amount column '" + valueColumn + "' is "
                    + amountType.simpleString() + ", not a number");
        }
        try {
            SinkWrite result = new BatchWriter(describe(), name, endpoint, command, key, wholeNumbers, queryBatch)
                    .write(batch.select(col(memberColumn).cast(DataTypes.StringType), col(valueColumn)).toLocalIterator());
            if (result.skipped()) {
                LOG.info("{}: {}", describe(), result.describe());
            }
            return result;
        } catch (SinkException e) {
            throw e;
        } catch (Exception e) {
            Throwable cause = e;
            while (cause.getCause() != null && !(cause instanceof SinkException)) {
                cause = cause.getCause();
            }
            throw new SinkException(cause instanceof SinkException ? cause.getMessage()
                    : describe() + ": batch " + batchId + " failed: " + cause.getMessage(), e);
        }
    }

    /** Applies one batch in one transaction with its marker. */
    private static final class BatchWriter {
        private final String description;
        private final String sinkName;
        private final RedisEndpoint endpoint;
        private final Command command;
        private final String key;
        private final boolean wholeNumbers;
        private final QueryBatch batch;

        BatchWriter(String description, String sinkName, RedisEndpoint endpoint, Command command, String key,
                        boolean wholeNumbers, QueryBatch batch) {
            this.description = description;
            this.sinkName = sinkName;
            this.endpoint = endpoint;
            this.command = command;
            this.key = key;
            this.wholeNumbers = wholeNumbers;
            this.batch = batch;
        }

        SinkWrite write(Iterator<Row> rows) {
            if (!rows.hasNext()) {
                return SinkWrite.written(sinkName, batch, 0, List.of());
            }
            Map<String, Object> updates = combine(rows);
            String marker = markerKey(sinkName, batch);
            try (Jedis jedis = RedisPools.borrow(endpoint)) {
                jedis.watch(marker);
                if (jedis.exists(marker)) {
                    jedis.unwatch();
                    return SinkWrite.replaySkipped(sinkName, batch);
                }
                Transaction transaction = jedis.multi();
                updates.forEach((member, value) -> apply(transaction, member, value));
                transaction.setex(marker, MARKER_TTL_SECONDS, "committed");
                // A null result means the marker changed under WATCH: another attempt committed first.
                if (transaction.exec() == null) {
                    return SinkWrite.replaySkipped(sinkName, batch);
                }
                return SinkWrite.written(sinkName, batch, updates.size(), List.of());
            } catch (JedisException e) {
                throw new SinkException(description + ": batch " + batch.batchId() + " failed: " + e.getMessage(), e);
            }
        }

        /** Sums increments per member (or keeps the last value for SET), in first-seen order. */
        private Map<String, Object> combine(Iterator<Row> rows) {
            Map<String, Object> updates = new LinkedHashMap<>();
            while (rows.hasNext()) {
                Row row = rows.next();
                if (row.isNullAt(0) || row.isNullAt(1)) {
                    continue;
                }
                String member = row.getString(0);
                Object value = row.get(1);
                if (command == Command.SET) {
                    updates.put(member, String.valueOf(value));
                } else if (wholeNumbers) {
                    updates.merge(member, ((Number) value).longValue(), (a, b) -> (Long) a + (Long) b);
                } else {
                    updates.merge(member, ((Number) value).doubleValue(), (a, b) -> (Double) a + (Double) b);
                }
            }
            return updates;
        }

        private void apply(Transaction transaction, String member, Object value) {
            switch (command) {
                case ZINCRBY:
                    transaction.zincrby(key, ((Number) value).doubleValue(), member);
                    break;
                case HINCRBY:
                    if (value instanceof Long) {
                        transaction.hincrBy(key, member, (Long) value);
                    } else {
                        transaction.hincrByFloat(key, member, (Double) value);
                    }
                    break;
                case SET:
                    transaction.set(key + member, (String) value);
                    break;
                default:
                    throw new IllegalStateException("unknown command " + command);
            }
        }
    }
}
