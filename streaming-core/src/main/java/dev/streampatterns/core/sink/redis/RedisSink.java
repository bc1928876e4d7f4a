package dev.streampatterns.core.sink.redis;

import static org.apache.spark.sql.functions.col;

import dev.streampatterns.core.config.ConfigException;
import dev.streampatterns.core.config.Names;
import dev.streampatterns.core.sink.BatchSink;
import dev.streampatterns.core.sink.ExactlyOnceSink;
import dev.streampatterns.core.sink.QueryBatch;
import dev.streampatterns.core.sink.RefusalPolicy;
import dev.streampatterns.core.sink.RefusedRow;
import dev.streampatterns.core.sink.RefusedRows;
import dev.streampatterns.core.sink.SinkException;
import dev.streampatterns.core.sink.SinkRefusals;
import dev.streampatterns.core.sink.SinkWrite;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructType;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each batch to Redis with one of three commands: increments of sorted-set members
 * ({@code ZINCRBY}, e.g. a leaderboard), increments of hash fields ({@code HINCRBY} for whole
 * numbers, {@code HINCRBYFLOAT} for floating-point ones, e.g. running totals), or plain values ({@code SET}).
 *
 * <p><b>Decimal amounts</b> ({@code DECIMAL} columns, e.g. money) are added exactly: Redis has no
 * decimal increment, and {@code HINCRBYFLOAT} would sum in binary floating point. The sink reads the
 * fields' current values under the {@code WATCH} of the key, adds in {@link BigDecimal} and sets the
 * sums as plain decimal strings ({@code "35.50"}) in the batch's transaction; a writer that changes
 * the key meanwhile makes the transaction retry, so no increment is lost or doubled.
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
 * distinct member, pipelined in the transaction. A failure to reach or use the server fails the
 * batch with a {@link SinkException} naming the sink and the server, so a restart redoes it.
 *
 * <p><b>Refused updates.</b> Redis applies the rest of a transaction when one command fails, so the
 * updates it would refuse (a key of another type, a hash field that holds no number or would
 * overflow) are found first, under the {@code WATCH} of the key ({@link RedisRefusals}), and left out
 * of the transaction. With {@link #withRefusedRowsTo} they go to the dead letter (the member and its
 * summed amount as JSON, the reason) before the transaction, and the rest is written; without one, or
 * when more than {@link #withMaxRefusedFraction the allowed fraction} of a batch of 20 members or
 * more is refused, the batch fails and nothing of it is written.
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
    private final BatchSink refusedRows;
    private final double maxRefusedFraction;

    private RedisSink(String name, RedisEndpoint endpoint, Command command, String key, String memberColumn,
                      String valueColumn) {
        this(name, endpoint, command, key, memberColumn, valueColumn, null, RefusedRows.DEFAULT_MAX_FRACTION);
    }

    private RedisSink(String name, RedisEndpoint endpoint, Command command, String key, String memberColumn,
                      String valueColumn, BatchSink refusedRows, double maxRefusedFraction) {
        Names.sinkOrQuery("sink name", name);
        if (key == null || key.isEmpty()) {
            throw new ConfigException("redis key of sink '" + name + "': missing");
        }
        this.name = name;
        this.endpoint = java.util.Objects.requireNonNull(endpoint, "endpoint");
        this.command = command;
        this.key = key;
        this.memberColumn = memberColumn;
        this.valueColumn = valueColumn;
        this.refusedRows = refusedRows;
        this.maxRefusedFraction = RefusedRows.requireFraction("max-refused-fraction", maxRefusedFraction);
    }

    /**
     * The same sink, sending the updates Redis would refuse to {@code deadLetters} (rows of
     * {@code DeadLetter.SCHEMA}) instead of failing the batch.
     */
    public RedisSink withRefusedRowsTo(BatchSink deadLetters) {
        return new RedisSink(name, endpoint, command, key, memberColumn, valueColumn,
                java.util.Objects.requireNonNull(deadLetters, "deadLetters"), maxRefusedFraction);
    }

    /** The batch fails anyway when more than this fraction of its members is refused (0.5 by default, from 20 members). */
    public RedisSink withMaxRefusedFraction(double fraction) {
        return new RedisSink(name, endpoint, command, key, memberColumn, valueColumn, refusedRows, fraction);
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

    /** The same sink under a job's policy: refused updates to {@code deadLetters}, or a failed batch. */
    public RedisSink withRefusalPolicy(RefusalPolicy policy, BatchSink deadLetters) {
        RedisSink limited = withMaxRefusedFraction(policy.maxRefusedFraction());
        return policy.deadLetters() ? limited.withRefusedRowsTo(deadLetters) : limited;
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
        Amounts amounts = Amounts.of(amountType);
        if (command != Command.SET && amounts == null) {
            throw new ConfigException(describe() + ": amount column '" + valueColumn + "' is "
                    + amountType.simpleString() + ", not a number");
        }
        try {
            SinkWrite result = new BatchWriter(this, amounts, amountType, queryBatch, batch.sparkSession())
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

    /** How a sink adds the amounts of its column: as whole numbers, exact decimals or doubles. */
    enum Amounts {
        WHOLE, DECIMAL, FLOATING;

        /** The type of a summed amount of {@code column} in a dead letter: a decimal keeps its scale. */
        DataType summedType(DataType column) {
            return switch (this) {
                case WHOLE -> DataTypes.LongType;
                case DECIMAL -> DataTypes.createDecimalType(DecimalType.MAX_PRECISION(), ((DecimalType) column).scale());
                case FLOATING -> DataTypes.DoubleType;
            };
        }

        /** The kind of a column's amounts; null for a column that holds no numbers. */
        static Amounts of(DataType type) {
            if (type.equals(DataTypes.LongType) || type.equals(DataTypes.IntegerType) || type.equals(DataTypes.ShortType)
                    || type.equals(DataTypes.ByteType)) {
                return WHOLE;
            }
            if (type instanceof DecimalType) {
                return DECIMAL;
            }
            return type.equals(DataTypes.DoubleType) || type.equals(DataTypes.FloatType) ? FLOATING : null;
        }

        /** A row's amount in the form this kind sums: Long, BigDecimal or Double. */
        Object of(Object value) {
            return switch (this) {
                case WHOLE -> ((Number) value).longValue();
                case DECIMAL -> (BigDecimal) value;
                case FLOATING -> ((Number) value).doubleValue();
            };
        }

        Object sum(Object a, Object b) {
            return switch (this) {
                case WHOLE -> (Long) a + (Long) b;
                case DECIMAL -> ((BigDecimal) a).add((BigDecimal) b);
                case FLOATING -> (Double) a + (Double) b;
            };
        }
    }

    /** Applies one batch in one transaction with its marker. */
    private static final class BatchWriter {
        /** A transaction aborted because the key changed under WATCH is tried again, at most this often. */
        private static final int MAX_ATTEMPTS = 10;
        private final RedisSink sink;
        /** Null for SET, whose values are not summed. */
        private final Amounts amounts;
        private final DataType amountType;
        private final QueryBatch batch;
        private final SparkSession spark;

        BatchWriter(RedisSink sink, Amounts amounts, DataType amountType, QueryBatch batch, SparkSession spark) {
            this.sink = sink;
            this.amounts = sink.command == Command.SET ? null : amounts;
            this.amountType = amountType;
            this.batch = batch;
            this.spark = spark;
        }

        SinkWrite write(Iterator<Row> rows) throws Exception {
            if (!rows.hasNext()) {
                return SinkWrite.written(sink.name, batch, 0, List.of());
            }
            Map<String, Object> updates = combine(rows);
            String marker = markerKey(sink.name, batch);
            // A retry after the key changed under WATCH finds the same refusals again: each member's
            // dead letter is written once.
            Set<String> deadLettered = new HashSet<>();
            try (Jedis jedis = RedisPools.borrow(sink.endpoint)) {
                for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                    // SET writes keys of its own under the prefix: only the marker needs watching.
                    if (sink.command == Command.SET) {
                        jedis.watch(marker);
                    } else {
                        jedis.watch(marker, sink.key);
                    }
                    if (jedis.exists(marker)) {
                        jedis.unwatch();
                        return SinkWrite.replaySkipped(sink.name, batch);
                    }
                    Map<String, String> refusals = RedisRefusals.find(jedis, sink.command, sink.key, updates);
                    List<RefusedRow> refused = refusedRows(refusals, updates);
                    if (!refused.isEmpty()) {
                        handleRefused(jedis, refused, updates.size(), deadLettered);
                    }
                    Map<String, Object> accepted = new LinkedHashMap<>(updates);
                    accepted.keySet().removeAll(refusals.keySet());
                    // Exact decimal sums are computed here, from the values read under the WATCH of the key.
                    Map<String, String> decimalSums = amounts == Amounts.DECIMAL && sink.command == Command.HINCRBY
                            ? decimalSums(jedis, accepted) : Map.of();
                    Transaction transaction = jedis.multi();
                    accepted.forEach((member, value) -> apply(transaction, member, value, decimalSums.get(member)));
                    transaction.setex(marker, MARKER_TTL_SECONDS, "committed");
                    // Null: the marker or the key changed under WATCH. Either another attempt committed
                    // this batch (the marker says so above) or another writer touched the key: check again.
                    if (transaction.exec() != null) {
                        return SinkWrite.written(sink.name, batch, updates.size() - refused.size(), refused);
                    }
                }
                throw new SinkException(sink.describe() + ": batch " + batch.batchId() + " failed: the key kept changing"
                        + " under WATCH in " + MAX_ATTEMPTS + " attempts");
            } catch (JedisException e) {
                throw new SinkException(sink.describe() + ": batch " + batch.batchId() + " failed: " + e.getMessage(), e);
            }
        }

        /** Each member's current decimal value (0 when missing) plus its increment, as a plain decimal string. */
        private Map<String, String> decimalSums(Jedis jedis, Map<String, Object> increments) {
            Map<String, String> sums = new LinkedHashMap<>();
            if (increments.isEmpty()) {
                return sums;
            }
            List<String> members = new ArrayList<>(increments.keySet());
            List<String> current = jedis.hmget(sink.key, members.toArray(new String[0]));
            for (int i = 0; i < members.size(); i++) {
                // RedisRefusals has refused every field whose value is not a decimal number.
                BigDecimal base = current.get(i) == null ? BigDecimal.ZERO : new BigDecimal(current.get(i).trim());
                sums.put(members.get(i), base.add((BigDecimal) increments.get(members.get(i))).toPlainString());
            }
            return sums;
        }

        /** The refused updates as rows of (member column, amount column), for the dead letter. */
        private List<RefusedRow> refusedRows(Map<String, String> refusals, Map<String, Object> updates) {
            StructType schema = new StructType()
                    .add(sink.memberColumn, DataTypes.StringType)
                    .add(sink.valueColumn, amounts == null ? DataTypes.StringType : amounts.summedType(amountType));
            List<RefusedRow> refused = new ArrayList<>();
            refusals.forEach((member, reason) -> refused.add(
                    new RefusedRow(new GenericRowWithSchema(new Object[] {member, updates.get(member)}, schema), reason)));
            return refused;
        }

        /** Sends refused updates to the dead letter before the transaction, or fails the batch. */
        private void handleRefused(Jedis jedis, List<RefusedRow> refused, int members, Set<String> deadLettered)
                throws Exception {
            String first = "first: " + refused.get(0).reason();
            if (sink.refusedRows == null || RefusedRows.tooMany(refused.size(), members, sink.maxRefusedFraction)) {
                jedis.unwatch();
                throw new SinkException(String.format(Locale.ROOT, "%s: batch %d failed: Redis refused %d of %d members %s; %s",
                        sink.describe(), batch.batchId(), refused.size(), members, sink.refusedRows == null
                                ? "and the sink has no dead letter for them"
                                : "more than the allowed fraction " + sink.maxRefusedFraction, first));
            }
            List<RefusedRow> fresh = refused.stream().filter(r -> deadLettered.add(r.row().getString(0))).toList();
            if (fresh.isEmpty()) {
                return;
            }
            sink.refusedRows.write(RefusedRows.asDeadLetters(spark, sink.describe(), fresh, RefusedRows.SourceColumns.NONE),
                    batch.batchId());
            SinkRefusals.record(batch, sink.name, deadLettered.size());
            LOG.warn("{}: {}: {} of {} members refused and sent to the dead letter; {}", sink.describe(), batch,
                    refused.size(), members, first);
        }

        /** Sums increments per member (or keeps the last value for SET), in first-seen order. */
        private Map<String, Object> combine(Iterator<Row> rows) {
            Map<String, Object> updates = new LinkedHashMap<>();
            Command command = sink.command;
            while (rows.hasNext()) {
                Row row = rows.next();
                if (row.isNullAt(0) || row.isNullAt(1)) {
                    continue;
                }
                String member = row.getString(0);
                Object value = row.get(1);
                if (command == Command.SET) {
                    updates.put(member, String.valueOf(value));
                } else {
                    updates.merge(member, amounts.of(value), amounts::sum);
                }
            }
            return updates;
        }

        /** Queues one member's update; {@code decimalSum} is its new exact total for decimal hash amounts. */
        private void apply(Transaction transaction, String member, Object value, String decimalSum) {
            String key = sink.key;
            switch (sink.command) {
                case ZINCRBY:
                    transaction.zincrby(key, ((Number) value).doubleValue(), member);
                    break;
                case HINCRBY:
                    if (decimalSum != null) {
                        transaction.hset(key, member, decimalSum);
                    } else if (value instanceof Long) {
                        transaction.hincrBy(key, member, (Long) value);
                    } else {
                        transaction.hincrByFloat(key, member, (Double) value);
                    }
                    break;
                case SET:
                    transaction.set(key + member, (String) value);
                    break;
                default:
                    throw new IllegalStateException("unknown command " + sink.command);
            }
        }
    }
}
