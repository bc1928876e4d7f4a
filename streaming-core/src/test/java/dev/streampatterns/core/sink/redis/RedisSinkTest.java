package dev.streampatterns.core.sink.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampatterns.core.sink.QueryBatch;
import dev.streampatterns.core.sink.SinkWrite;
import dev.streampatterns.servers.TestServers;
import dev.streampatterns.core.TestSpark;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.Tuple;

/** The Redis sink on a real Redis server. */
class RedisSinkTest {
    private static final StructType SCORES = new StructType().add("player", DataTypes.StringType)
            .add("score", DataTypes.LongType).add("minutes", DataTypes.DoubleType);

    private final SparkSession spark = TestSpark.local();
    private final RedisEndpoint redis = RedisEndpoint.of(TestServers.redis().host(), TestServers.redis().port());
    private final String id = "test-" + UUID.randomUUID();
    private final String prefix = id + ":";
    /** Two streaming queries, as two checkpoints would give: their batch ids overlap. */
    private final String query = "query-" + UUID.randomUUID();
    private final String otherQuery = "query-" + UUID.randomUUID();

    private Dataset<Row> batch(Object[]... rows) {
        List<Row> list = new ArrayList<>();
        for (Object[] row : rows) {
            list.add(RowFactory.create(row));
        }
        return spark.createDataFrame(list, SCORES).repartition(2);
    }

    private final Dataset<Row> scores = batch(new Object[] {"Bob", 3L, 1.5}, new Object[] {"Mike", 7L, 2.0},
            new Object[] {"Bob", 4L, 0.25}, new Object[] {"Kathy", 10L, 4.0});

    /** A dead-letter sink that keeps what it is given. */
    private static final class KeptDeadLetters implements dev.streampatterns.core.sink.BatchSink {
        private static final long serialVersionUID = 1L;
        final List<Row> rows = new ArrayList<>();

        @Override
        public void write(Dataset<Row> batch, long batchId) {
            rows.addAll(batch.collectAsList());
        }

        List<String> reasons() {
            return rows.stream().map(r -> r.<String>getAs(dev.streampatterns.core.decode.DeadLetter.REASON)).sorted().toList();
        }

        List<String> values() {
            return rows.stream().map(r -> new String(r.<byte[]>getAs(dev.streampatterns.core.decode.DeadLetter.VALUE),
                    java.nio.charset.StandardCharsets.UTF_8)).sorted().toList();
        }
    }

    @Test
    void aKeyOfAnotherTypeRefusesTheBatchsMembersIntoTheDeadLetterInsteadOfLosingThem() {
        KeptDeadLetters deadLetters = new KeptDeadLetters();
        RedisSink sink = RedisSink.sortedSetIncrements("board-" + id, redis, prefix + "board", "player", "score")
                .withRefusedRowsTo(deadLetters);
        try (Jedis jedis = RedisPools.borrow(redis)) {
            jedis.set(prefix + "board", "not a sorted set");
        }

        SinkWrite write = sink.write(scores, new QueryBatch(query, 0));
        SinkWrite replay = sink.write(scores, new QueryBatch(query, 0));

        assertThat(write.rowsWritten()).isZero();
        assertThat(write.rowsRefused()).isEqualTo(3);
        assertThat(replay.skipped()).isTrue();
        String reason = "refused by " + sink.describe() + ": WRONGTYPE key '" + prefix + "board' holds a string, not a zset";
        assertThat(deadLetters.reasons()).containsExactly(reason, reason, reason);
        assertThat(deadLetters.values()).containsExactly(
                "{\"player\":\"Bob\",\"score\":7}", "{\"player\":\"Kathy\",\"score\":10}",
                "{\"player\":\"Mike\",\"score\":7}");
        try (Jedis jedis = RedisPools.borrow(redis)) {
            assertThat(jedis.get(prefix + "board")).isEqualTo("not a sorted set");
        }
    }

    @Test
    void aFieldThatCannotTakeItsIncrementIsRefusedAndTheOthersAreWrittenOnce() {
        KeptDeadLetters deadLetters = new KeptDeadLetters();
        RedisSink sink = RedisSink.hashIncrements("counts-" + id, redis, prefix + "counts", "player", "score")
                .withRefusedRowsTo(deadLetters);
        try (Jedis jedis = RedisPools.borrow(redis)) {
            jedis.hset(prefix + "counts", Map.of("Bob", "seven", "Mike", String.valueOf(Long.MAX_VALUE - 3), "Kathy", "1"));
        }

        SinkWrite write = sink.write(scores, new QueryBatch(query, 0));
        sink.write(scores, new QueryBatch(query, 0));

        assertThat(write.rowsWritten()).isEqualTo(1);
        assertThat(write.rowsRefused()).isEqualTo(2);
        String head = "refused by " + sink.describe() + ": field '";
        assertThat(deadLetters.reasons()).containsExactly(
                head + "Bob' of hash '" + prefix + "counts' holds 'seven', not an integer",
                head + "Mike' of hash '" + prefix + "counts' holds " + (Long.MAX_VALUE - 3)
                        + ": adding 7 would overflow a 64-bit integer");
        try (Jedis jedis = RedisPools.borrow(redis)) {
            assertThat(jedis.hgetAll(prefix + "counts")).isEqualTo(
                    Map.of("Bob", "seven", "Mike", String.valueOf(Long.MAX_VALUE - 3), "Kathy", "11"));
        }
    }

    @Test
    void withoutADeadLetterARefusedMemberFailsTheBatchAndWritesNothing() {
        RedisSink sink = RedisSink.hashIncrements("counts-" + id, redis, prefix + "counts", "player", "score");
        try (Jedis jedis = RedisPools.borrow(redis)) {
            jedis.hset(prefix + "counts", "Bob", "seven");
        }

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sink.write(scores, new QueryBatch(query, 0)))
                .isInstanceOf(dev.streampatterns.core.sink.SinkException.class)
                .hasMessageContaining("Redis refused 1 of 3 members and the sink has no dead letter for them");
        try (Jedis jedis = RedisPools.borrow(redis)) {
            assertThat(jedis.hgetAll(prefix + "counts")).isEqualTo(Map.of("Bob", "seven"));
            assertThat(jedis.exists(RedisSink.markerKey("counts-" + id, new QueryBatch(query, 0)))).isFalse();
        }
    }

    @Test
    void replayedBatchIdDoesNotDoubleSortedSetScores() {
        RedisSink sink = RedisSink.sortedSetIncrements("board-" + id, redis, prefix + "board", "player", "score");

        SinkWrite first = sink.write(scores, new QueryBatch(query, 8));
        SinkWrite replay = sink.write(scores, new QueryBatch(query, 8));
        sink.write(batch(new Object[] {"Mike", 1L, 0.0}), new QueryBatch(query, 9));

        assertThat(first.skipped()).isFalse();
        assertThat(first.rowsWritten()).as("members updated").isEqualTo(3);
        assertThat(replay.skipped()).isTrue();
        try (Jedis jedis = RedisPools.borrow(redis)) {
            List<Tuple> top = jedis.zrevrangeWithScores(prefix + "board", 0, -1);
            assertThat(top).extracting(t -> t.getElement() + "=" + t.getScore())
                    .containsExactly("Kathy=10.0", "Mike=8.0", "Bob=7.0");
        }
    }

    @Test
    void hashIncrementsAreWholeForIntegersAndFloatingOtherwiseAndNotDoubledOnReplay() {
        RedisSink counts = RedisSink.hashIncrements("counts-" + id, redis, prefix + "counts", "player", "score");
        RedisSink minutes = RedisSink.hashIncrements("minutes-" + id, redis, prefix + "minutes", "player", "minutes");

        for (int attempt = 0; attempt < 2; attempt++) {
            counts.write(scores, new QueryBatch(query, 1));
            minutes.write(scores, new QueryBatch(query, 1));
        }

        try (Jedis jedis = RedisPools.borrow(redis)) {
            assertThat(jedis.hgetAll(prefix + "counts")).isEqualTo(Map.of("Bob", "7", "Mike", "7", "Kathy", "10"));
            assertThat(jedis.hgetAll(prefix + "minutes")).isEqualTo(Map.of("Bob", "1.75", "Mike", "2", "Kathy", "4"));
        }
    }

    @Test
    void decimalAmountsAreAddedExactlyAsDecimalStringsAndNotDoubledOnReplay() {
        StructType orders = new StructType().add("product", DataTypes.StringType)
                .add("total", DataTypes.createDecimalType(12, 2));
        List<Object[]> first = List.of(new Object[] {"Mouse", new BigDecimal("0.10")},
                new Object[] {"Mouse", new BigDecimal("0.20")}, new Object[] {"Keyboard", new BigDecimal("25.00")},
                new Object[] {"Monitor", new BigDecimal("140.00")});
        List<Object[]> second = List.<Object[]>of(new Object[] {"Mouse", new BigDecimal("10.50")});
        KeptDeadLetters deadLetters = new KeptDeadLetters();
        RedisSink sink = RedisSink.hashIncrements("totals-" + id, redis, prefix + "totals", "product", "total")
                .withRefusedRowsTo(deadLetters);
        try (Jedis jedis = RedisPools.borrow(redis)) {
            jedis.hset(prefix + "totals", Map.of("Keyboard", "100.5", "Monitor", "n/a"));
        }

        for (int attempt = 0; attempt < 2; attempt++) {
            sink.write(spark.createDataFrame(rows(first), orders).repartition(2), new QueryBatch(query, 0));
        }
        sink.write(spark.createDataFrame(rows(second), orders), new QueryBatch(query, 1));

        // The sums the test expects, each batch once, in exact decimal arithmetic.
        BigDecimal mouse = new BigDecimal("0.10").add(new BigDecimal("0.20")).add(new BigDecimal("10.50"));
        BigDecimal keyboard = new BigDecimal("100.5").add(new BigDecimal("25.00"));
        try (Jedis jedis = RedisPools.borrow(redis)) {
            assertThat(jedis.hgetAll(prefix + "totals")).isEqualTo(Map.of("Mouse", mouse.toPlainString(),
                    "Keyboard", keyboard.toPlainString(), "Monitor", "n/a"));
        }
        assertThat(mouse.toPlainString()).isEqualTo("10.80");
        assertThat(deadLetters.values()).containsExactly("{\"product\":\"Monitor\",\"total\":140.00}");
        assertThat(deadLetters.reasons()).containsExactly("refused by " + sink.describe() + ": field 'Monitor' of hash '"
                + prefix + "totals' holds 'n/a', not a decimal number");
    }

    private static List<Row> rows(List<Object[]> values) {
        return values.stream().map(RowFactory::create).toList();
    }

    @Test
    void twoQueriesWithTheSameSinkNameAndBatchIdsDoNotSkipEachOthersBatches() {
        RedisSink sink = RedisSink.sortedSetIncrements("shared-" + id, redis, prefix + "board", "player", "score");

        sink.write(scores, new QueryBatch(query, 0));
        SinkWrite other = sink.write(batch(new Object[] {"Sam", 2L, 0.0}), new QueryBatch(otherQuery, 0));
        sink.write(batch(new Object[] {"Sam", 2L, 0.0}), new QueryBatch(otherQuery, 0)); // its own replay

        assertThat(other.skipped()).isFalse();
        try (Jedis jedis = RedisPools.borrow(redis)) {
            assertThat(jedis.zrevrangeWithScores(prefix + "board", 0, -1)).extracting(t -> t.getElement() + "=" + t.getScore())
                    .containsExactly("Kathy=10.0", "Mike=7.0", "Bob=7.0", "Sam=2.0");
            assertThat(jedis.exists(RedisSink.markerKey("shared-" + id, new QueryBatch(query, 0)),
                    RedisSink.markerKey("shared-" + id, new QueryBatch(otherQuery, 0)))).isEqualTo(2);
        }
    }

    @Test
    void aMarkerOfAnEarlierVersionSkipsNoBatch() {
        RedisSink sink = RedisSink.sortedSetIncrements("legacy-" + id, redis, prefix + "board", "player", "score");
        try (Jedis jedis = RedisPools.borrow(redis)) {
            jedis.setex("ssp:sink:legacy-" + id + ":batch:0", 60, "committed"); // keyed by sink name and batch id alone
        }

        assertThat(sink.write(batch(new Object[] {"Sam", 2L, 0.0}), new QueryBatch(query, 0)).skipped()).isFalse();
        try (Jedis jedis = RedisPools.borrow(redis)) {
            assertThat(jedis.zscore(prefix + "board", "Sam")).isEqualTo(2.0);
        }
    }

    @Test
    void valuesAreSetUnderTheirPrefixedKeys() {
        RedisSink.values("values-" + id, redis, prefix + "player:", "player", "score")
                .write(batch(new Object[] {"Sam", 5L, 0.0}), new QueryBatch(query, 0));
        try (Jedis jedis = RedisPools.borrow(redis)) {
            assertThat(jedis.get(prefix + "player:Sam")).isEqualTo("5");
        }
    }
}
