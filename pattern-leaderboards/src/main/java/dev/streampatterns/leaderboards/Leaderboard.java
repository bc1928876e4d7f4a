package dev.streampatterns.leaderboards;

import dev.streampatterns.core.sink.redis.RedisEndpoint;
import dev.streampatterns.core.sink.redis.RedisPools;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.resps.Tuple;

/**
 * Reads the top N of a board, a Redis sorted set: highest score first, <b>equal scores by member name
 * ascending</b> (SPEC section 10) — not in the reverse lexicographic order in which Redis gives the
 * ties of {@code ZREVRANGE}. Rank is the position in that order, from 1.
 *
 * <p>Ties at the edge of the top N: when the N-th member shares its score with members after it, the
 * reader also fetches every member of that score ({@code ZRANGEBYSCORE}), so the alphabetically first
 * of them are the ones shown. Both reads are checked under {@code WATCH} of the board and done again
 * when a batch changed it in between: a read never mixes two states of the board.
 */
public final class Leaderboard {
    /** Reads done again, at the most, when the board keeps changing under them. */
    private static final int MAX_ATTEMPTS = 10;
    private static final Comparator<Entry> ORDER = Comparator.comparingDouble(Entry::score).reversed()
            .thenComparing(Entry::member);

    private final RedisEndpoint redis;
    private final String board;

    /** One member of the top N. */
    public record Entry(int rank, String member, double score) {
    }

    public Leaderboard(RedisEndpoint redis, String board) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.board = Objects.requireNonNull(board, "board");
    }

    public String board() {
        return board;
    }

    /** The top {@code n} (1 or more); fewer when the board has fewer members, none when it does not exist. */
    public List<Entry> top(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be 1 or more, was " + n);
        }
        try (Jedis jedis = RedisPools.borrow(redis)) {
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                jedis.watch(board);
                List<Tuple> read = new ArrayList<>(jedis.zrevrangeWithScores(board, 0, n - 1));
                if (read.size() == n) {
                    double edge = read.get(n - 1).getScore();
                    read.removeIf(tuple -> tuple.getScore() == edge);
                    read.addAll(jedis.zrangeByScoreWithScores(board, edge, edge));
                }
                Transaction unchanged = jedis.multi();
                if (unchanged.exec() != null) {
                    return ranked(read, n);
                }
            }
            throw new IllegalStateException("board '" + board + "' of " + redis + " kept changing during "
                    + MAX_ATTEMPTS + " reads");
        }
    }

    /** Exists: the board has at least one member. */
    public boolean exists() {
        try (Jedis jedis = RedisPools.borrow(redis)) {
            return jedis.exists(board);
        }
    }

    private static List<Entry> ranked(List<Tuple> read, int n) {
        List<Entry> sorted = new ArrayList<>();
        read.forEach(tuple -> sorted.add(new Entry(0, tuple.getElement(), tuple.getScore())));
        sorted.sort(ORDER);
        List<Entry> top = new ArrayList<>();
        for (int i = 0; i < Math.min(n, sorted.size()); i++) {
            top.add(new Entry(i + 1, sorted.get(i).member(), sorted.get(i).score()));
        }
        return top;
    }
}
