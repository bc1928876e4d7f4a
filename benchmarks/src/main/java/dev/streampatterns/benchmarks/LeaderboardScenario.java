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
 * {@code redis-server} of the scenario's own, in memory, each on a board of its own emptied before each
 * run. After each run (untimed) both boards' scores must add up to the increments sent ({@link BoardTotal}).
 *
 * <p>Then the live page's latency ({@link PageLatency}): batch committed to Redis → the page shows it.
 */
final class LeaderboardScenario implements Scenario {
    static final String NAME = "leaderboard";
    private static final String BASELINE_BOARD = "bench-board-redis-benchmark";
    private static final String SINK_BOARD = "bench-board-sink";

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

    static void delete(RedisEndpoint endpoint, String key) {
        try (Jedis jedis = RedisPools.borrow(endpoint)) {
            jedis.unlink(key);
        }
    }

    /**
     * What a run left on its board: the sum of the scores, read with {@code ZSCAN} when compared (after
     * the timed section), which must equal the number of increments for both — every {@code ZINCRBY}
     * adds 1, whether its member is new (the sink's) or drawn at random ({@code redis-benchmark}'s).
     */
    record BoardTotal(RedisEndpoint endpoint, String key, long increments) implements Variant.RunResult {
        long total() {
            double sum = 0;
            try (Jedis jedis = RedisPools.borrow(endpoint)) {
                String cursor = redis.clients.jedis.params.ScanParams.SCAN_POINTER_START;
                redis.clients.jedis.params.ScanParams params = new redis.clients.jedis.params.ScanParams().count(10_000);
                do {
                    redis.clients.jedis.resps.ScanResult<redis.clients.jedis.resps.Tuple> page = jedis.zscan(key, cursor, params);
                    for (redis.clients.jedis.resps.Tuple tuple : page.getResult()) {
                        sum += tuple.getScore();
                    }
                    cursor = page.getCursor();
                } while (!cursor.equals(redis.clients.jedis.params.ScanParams.SCAN_POINTER_START));
            }
            return (long) sum;
        }

        @Override
        public String disagreement(Variant.RunResult baseline) {
            long mine = total();
            long theirs = ((BoardTotal) baseline).total();
            return mine == increments && theirs == increments ? null
                    : "the boards' scores add up to " + mine + " and " + theirs + " after " + increments + " increments";
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
            delete(endpoint, BASELINE_BOARD);
        }

        @Override
        public Outcome run() throws Exception {
            Process process = new ProcessBuilder(binary, "-h", "127.0.0.1", "-p", String.valueOf(port), "-n",
                    String.valueOf(updates), "-r", String.valueOf(updates), "-c", "1", "-P", "1000", "-q", "ZINCRBY",
                    BASELINE_BOARD, "1", "member:__rand_int__").redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("redis-benchmark failed: " + output);
            }
            return new Outcome(updates, new BoardTotal(endpoint, BASELINE_BOARD, updates), "");
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
            delete(endpoint, SINK_BOARD);
            increments = context.spark().range(updates).select(concat(lit("member:"), col("id").cast("string"))
                    .as(BoardColumns.MEMBER), lit(1L).cast(DataTypes.LongType).as(BoardColumns.AMOUNT)).cache();
            increments.count();
        }

        @Override
        public Outcome run() {
            RedisSink.sortedSetIncrements("bench-board", endpoint, SINK_BOARD, BoardColumns.MEMBER, BoardColumns.AMOUNT)
                    .write(increments, new QueryBatch(UUID.randomUUID().toString(), 0));
            try (Jedis jedis = RedisPools.borrow(endpoint)) {
                if (jedis.zcard(SINK_BOARD) != updates) {
                    throw new IllegalStateException("the board holds " + jedis.zcard(SINK_BOARD) + " members after "
                            + updates + " increments of distinct members");
                }
            }
            return new Outcome(updates, new BoardTotal(endpoint, SINK_BOARD, updates),
                    String.format(Locale.ROOT, "%,d members", updates));
        }

        @Override
        public void cleanup() {
            increments.unpersist();
        }
    }

}
