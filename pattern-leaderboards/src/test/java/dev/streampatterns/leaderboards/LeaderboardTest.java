package dev.streampatterns.leaderboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streampatterns.core.sink.QueryBatch;
import dev.streampatterns.core.sink.redis.RedisEndpoint;
import dev.streampatterns.core.sink.redis.RedisPools;
import dev.streampatterns.core.sink.redis.RedisSink;
import dev.streampatterns.leaderboards.Leaderboard.Entry;
import dev.streampatterns.servers.TestServers;
import dev.streampatterns.testkit.TestSparkSessions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** A board in a real Redis: written by the Redis sink from board increments, read by the reader. */
class LeaderboardTest {
    private final SparkSession spark = TestSparkSessions.local();
    private final RedisEndpoint redis = RedisEndpoint.of(TestServers.redis().host(), TestServers.redis().port());
    private final String board = "board-test:" + UUID.randomUUID();
    private final String query = "query-" + UUID.randomUUID();

    private Dataset<Row> increments(Object[]... rows) {
        return spark.createDataFrame(java.util.Arrays.stream(rows).map(RowFactory::create).toList(), BoardColumns.SCHEMA);
    }

    private RedisSink sink() {
        return RedisSink.sortedSetIncrements("board-" + UUID.randomUUID().toString().substring(0, 8), redis, board,
                BoardColumns.MEMBER, BoardColumns.AMOUNT);
    }

    @Test
    void equalScoresAreOrderedByMemberNameAscendingAlsoAtTheEdgeOfTheTopN() {
        try (Jedis jedis = RedisPools.borrow(redis)) {
            jedis.zadd(board, Map.of("Mike", 12.0, "Sam", 10.0, "Bob", 10.0, "Kathy", 10.0, "Alice", 3.0));
        }
        Leaderboard leaderboard = new Leaderboard(redis, board);

        // Redis's own order of the ties is Sam, Kathy, Bob (reverse lexicographic).
        assertThat(leaderboard.top(3)).containsExactly(new Entry(1, "Mike", 12), new Entry(2, "Bob", 10),
                new Entry(3, "Kathy", 10));
        assertThat(leaderboard.top(1)).containsExactly(new Entry(1, "Mike", 12));
        assertThat(leaderboard.top(4)).extracting(Entry::member).containsExactly("Mike", "Bob", "Kathy", "Sam");
    }

    @Test
    void anNLargerThanTheBoardGivesTheWholeBoardAndABoardThatDoesNotExistGivesNone() {
        try (Jedis jedis = RedisPools.borrow(redis)) {
            jedis.zadd(board, Map.of("AI", 4.0, "Cloud", 9.0));
        }
        assertThat(new Leaderboard(redis, board).top(10)).containsExactly(new Entry(1, "Cloud", 9), new Entry(2, "AI", 4));
        assertThat(new Leaderboard(redis, board + ":none").top(10)).isEmpty();
        assertThat(new Leaderboard(redis, board + ":none").exists()).isFalse();
        assertThatThrownBy(() -> new Leaderboard(redis, board).top(0)).hasMessageContaining("n must be 1 or more");
    }

    @Test
    void aBatchOfIncrementsIsAddedOnceAndItsReplayUnderTheSameBatchIdChangesNothing() {
        RedisSink sink = sink();
        Dataset<Row> first = increments(new Object[] {"Bob", 3L}, new Object[] {"Mike", 7L}, new Object[] {"Bob", 4L});
        sink.write(first, new QueryBatch(query, 0));
        sink.write(first, new QueryBatch(query, 0));
        sink.write(increments(new Object[] {"Kathy", 7L}), new QueryBatch(query, 1));

        assertThat(new Leaderboard(redis, board).top(5)).containsExactly(new Entry(1, "Bob", 7), new Entry(2, "Kathy", 7),
                new Entry(3, "Mike", 7));
    }

    @Test
    void theViewsBoardsCountViewsPerTopicAndSumMinutesPerUser() {
        Dataset<Row> views = spark.createDataFrame(List.of(
                RowFactory.create(null, "user1", "AI", 4), RowFactory.create(null, "user2", "AI", 6),
                RowFactory.create(null, "user1", "Cloud", 5)), ViewColumns.INPUT);

        assertThat(BoardIncrements.viewsPerTopic().apply(views).collectAsList()).containsExactlyInAnyOrder(
                RowFactory.create("AI", 1L), RowFactory.create("AI", 1L), RowFactory.create("Cloud", 1L));
        assertThat(BoardIncrements.minutesPerUser().apply(views).collectAsList()).containsExactlyInAnyOrder(
                RowFactory.create("user1", 4L), RowFactory.create("user2", 6L), RowFactory.create("user1", 5L));
        assertThat(BoardIncrements.viewsPerTopic().name()).isEqualTo("topics-leaderboard");
        assertThat(BoardIncrements.minutesPerUser().name()).isEqualTo("users-leaderboard");
    }
}
