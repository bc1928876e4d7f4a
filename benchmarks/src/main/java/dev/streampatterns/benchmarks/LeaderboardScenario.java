package dev.streampatterns.benchmarks;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;

import dev.streampatterns.core.sink.QueryBatch;
import dev.streampatterns.core.sink.redis.RedisEndpoint;
import dev.streampatterns.core.sink.redis.RedisPools;
import dev.streampatterns.core.sink.redis.RedisSink;
import dev.streampatterns.leaderboards.BoardColumns;
import dev.streampatterns.servers.Programs;
import dev.streampatterns.servers.RedisServerProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import redis.clients.jedis.Jedis;

/**
 * Scenario: a board's Redis writes. {@code --events} increments of as many distinct members (so each is
 * one {@code ZINCRBY}), added by core's {@link RedisSink} to a sorted set in one exactly-once batch,
 * against {@code redis-benchmark} sending the same number of {@code ZINCRBY}s over as many members to
 * the same server in the same run, in the sink's shape: one connection, 1,000 commands pipelined (of
 * the shapes tried on 2 cores, the fastest: 50 clients pipelining 16 made 185 k/s, 50 clients without
 * a pipeline 80 k/s, one client pipelining 1,000 211 k/s). Both run on a
 * {@code redis-server} of the scenario's own, in memory, emptied before every run. The sink's board is
 * checked after each run: every member once, the scores adding up to the increments sent.
 *
 * <p>Then the live page's latency ({@link PageLatency}): batch committed to Redis → the page shows it.
 */
final class LeaderboardScenario implements Scenario {
    static final String NAME = "leaderboard";
    private static final String BOARD = "bench-board";

    @Override
    public List<ResultRow> run(BenchmarkContext context) throws Exception {
        String redisServer = required("redis-server", "redis-server");
        String redisBenchmark = required("redis-benchmark", "redis-tools");
        long updates = context.options().events();
        try (RedisServerProcess redis = RedisServerProcess.startInMemory(redisServer)) {
            RedisEndpoint endpoint = RedisEndpoint.of("127.0.0.1", redis.port());
            List<ResultRow> rows = new ArrayList<>(Runs.measure(context, NAME, List.of(
                    new RedisBenchmark(redisBenchmark, redis.port(), updates, endpoint),
                    new SinkRun(context, endpoint, updates))));
            rows.addAll(new PageLatency(context, endpoint).measure());
            return rows;
        }
    }

    static String required(String program, String debianPackage) {
        return Programs.onPath(program).map(Path::toString).orElseThrow(() -> new IllegalStateException("the "
                + NAME + " scenario runs " + program + ", which is not installed (Debian: apt-get install "
                + debianPackage + ")"));
    }

    static void flush(RedisEndpoint endpoint) {
        try (Jedis jedis = RedisPools.borrow(endpoint)) {
            jedis.flushAll();
        }
    }

    /** The baseline: Redis's own load tool, ZINCRBY on the same server. */
    private static final class RedisBenchmark implements Variant {
        private final String binary;
        private final int port;
        private final long updates;
        private final RedisEndpoint endpoint;

        RedisBenchmark(String binary, int port, long updates, RedisEndpoint endpoint) {
            this.binary = binary;
            this.port = port;
            this.updates = updates;
            this.endpoint = endpoint;
        }

        @Override
        public String name() {
            return "redis-benchmark ZINCRBY, 1 client, pipeline 1000";
        }

        @Override
        public void prepare() {
            flush(endpoint);
        }

        @Override
        public Outcome run() throws Exception {
            Process process = new ProcessBuilder(binary, "-h", "127.0.0.1", "-p", String.valueOf(port), "-n",
                    String.valueOf(updates), "-r", String.valueOf(updates), "-c", "1", "-P", "1000", "-q", "ZINCRBY",
                    BOARD, "1", "member:__rand_int__").redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("redis-benchmark failed: " + output);
            }
            return new Outcome(updates, null, "");
        }
    }

    /** The board's writes as a job makes them: one batch of increments through core's Redis sink. */
    private static final class SinkRun implements Variant {
        private final BenchmarkContext context;
        private final RedisEndpoint endpoint;
        private final long updates;
        private Dataset<Row> increments;

        SinkRun(BenchmarkContext context, RedisEndpoint endpoint, long updates) {
            this.context = context;
            this.endpoint = endpoint;
            this.updates = updates;
        }

        @Override
        public String name() {
            return "RedisSink ZINCRBY, one batch, one MULTI/EXEC";
        }

        @Override
        public void prepare() {
            flush(endpoint);
            increments = context.spark().range(updates).select(concat(lit("member:"), col("id").cast("string"))
                    .as(BoardColumns.MEMBER), lit(1L).cast(DataTypes.LongType).as(BoardColumns.AMOUNT)).cache();
            increments.count();
        }

        @Override
        public Outcome run() {
            RedisSink.sortedSetIncrements("bench-board", endpoint, BOARD, BoardColumns.MEMBER, BoardColumns.AMOUNT)
                    .write(increments, new QueryBatch(UUID.randomUUID().toString(), 0));
            try (Jedis jedis = RedisPools.borrow(endpoint)) {
                long members = jedis.zcard(BOARD);
                if (members != updates || jedis.zscore(BOARD, "member:0") != 1.0) {
                    throw new IllegalStateException("the board holds " + members + " members after " + updates
                            + " increments of distinct members");
                }
            }
            return new Outcome(updates, null, String.format(Locale.ROOT, "board checked: %,d members of score 1", updates));
        }

        @Override
        public void cleanup() {
            increments.unpersist();
        }
    }

}
