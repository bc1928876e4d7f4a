package dev.streampatterns.leaderboards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampatterns.core.decode.DeadLetter;
import dev.streampatterns.core.job.CheckpointLocations;
import dev.streampatterns.core.job.StreamingJob;
import dev.streampatterns.core.sink.QueryBatch;
import dev.streampatterns.core.sink.RefusalPolicy;
import dev.streampatterns.core.sink.redis.RedisEndpoint;
import dev.streampatterns.core.sink.redis.RedisPools;
import dev.streampatterns.leaderboards.Leaderboard.Entry;
import dev.streampatterns.servers.TestServers;
import dev.streampatterns.testkit.MemoryKafkaSource;
import dev.streampatterns.testkit.TestSparkSessions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.Tuple;

/**
 * The boards' jobs with their ends injected: records from the testkit's in-memory source, boards in a
 * real Redis, what every board must hold summed in the test from the records it sent.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BoardsJobTest {
    private static final String[] PLAYERS = {"Bob", "Mike", "Kathy", "Sam", "Alice"};

    private final SparkSession spark = TestSparkSessions.local();
    private final RedisEndpoint redis = RedisEndpoint.of(TestServers.redis().host(), TestServers.redis().port());
    private final String id = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void eachPlayersScoresAddUpOnTheBoardOnceAndRecordsWithoutAPlayerOrAValidScoreAreDeadLetters() throws Exception {
        BoardIncrements players = BoardIncrements.summing("players-test:" + id, ScoreColumns.PLAYER, ScoreColumns.SCORE);
        List<Row> deadLetters = new CopyOnWriteArrayList<>();
        List<BoardsJob.BatchReport> reports = new CopyOnWriteArrayList<>();
        BoardsJob scores = new BoardsJob("scores-" + id, ScoreColumns.decoder(), List.of(players), redis,
                (rows, batchId) -> deadLetters.addAll(rows.collectAsList()), RefusalPolicy.DEFAULT, 3, reports::add);

        Random random = new Random(5);
        Map<String, Long> expected = new TreeMap<>();
        List<String> first = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String player = PLAYERS[random.nextInt(PLAYERS.length)];
            int score = 1 + random.nextInt(10);
            first.add(player);
            first.add(String.valueOf(score));
            expected.merge(player, (long) score, Long::sum);
        }
        MemoryKafkaSource source = MemoryKafkaSource.of(spark, "scores");
        try (StreamingJob job = StreamingJob.create(spark, CheckpointLocations.temporary())) {
            scores.start(job, source, Duration.ZERO);
            source.addKeyedText(first.toArray(new String[0]));
            job.processAllAvailable();
            // offsets 200..203: no key, a score out of range, not a number, and one good score
            source.addKeyedText(null, "5", "Bob", "11", "Mike", "ten", "Kathy", "4");
            expected.merge("Kathy", 4L, Long::sum);
            job.processAllAvailable();
        }

        assertThat(board(players.name())).isEqualTo(expected);
        assertThat(deadLetters).extracting(r -> r.<Long>getAs(DeadLetter.OFFSET)).containsExactlyInAnyOrder(200L, 201L, 202L);
        assertThat(deadLetters).extracting(r -> r.<String>getAs(DeadLetter.REASON)).containsExactlyInAnyOrder(
                "missing key 'player'", "field 'score' is 11, outside [1, 10]",
                "malformed CSV: does not parse as struct<score:int>");

        BoardsJob.BatchReport last = reports.get(reports.size() - 1);
        assertThat(last.tops().get(players.name())).isEqualTo(expectedTop(expected, 3));
        assertThat(last.replaySkipped()).isFalse();

        // The last batch again, under its query and batch id: the board stays as it is.
        QueryBatch replay = new QueryBatch(last.queryId(), last.batchId());
        assertThat(scores.sinkOf(players).write(players.apply(ScoreColumns.decoder().decode(spark.createDataFrame(
                List.of(org.apache.spark.sql.RowFactory.create("Kathy".getBytes(), "4".getBytes())),
                new org.apache.spark.sql.types.StructType().add("key", "binary").add("value", "binary"))).valid()),
                replay).skipped()).isTrue();
        assertThat(board(players.name())).isEqualTo(expected);
    }

    @Test
    void viewsGiveMinutesPerUserPerClosedWindowAndTheTopicsAndUsersBoards() throws Exception {
        BoardIncrements topics = BoardIncrements.counting("topics-test:" + id, ViewColumns.TOPIC);
        BoardIncrements users = BoardIncrements.summing("users-test:" + id, ViewColumns.USER, ViewColumns.MINUTES);
        List<Row> windows = new CopyOnWriteArrayList<>();
        List<Row> deadLetters = new CopyOnWriteArrayList<>();
        BoardsJob boards = new BoardsJob("views-" + id, ViewColumns.decoder(ViewColumns.DEFAULT_MAX_CLOCK_SKEW),
                List.of(topics, users), redis, (rows, batchId) -> deadLetters.addAll(rows.collectAsList()),
                RefusalPolicy.DEFAULT, 10, report -> { });
        ViewsJob views = new ViewsJob(new MinutesPerUserWindow(), (rows, batchId) -> windows.addAll(rows.collectAsList()),
                ViewColumns.decoder(ViewColumns.DEFAULT_MAX_CLOCK_SKEW), boards);

        Instant base = Instant.parse("2026-01-01T00:00:00Z");
        String[] topicNames = {"AI", "BigData", "CI_CD", "Cloud"};
        Random random = new Random(8);
        List<String> lines = new ArrayList<>();
        Map<String, Long> expectedTopics = new TreeMap<>();
        Map<String, Long> expectedUsers = new TreeMap<>();
        Map<String, Long> expectedWindows = new TreeMap<>();   // "window start|user" -> minutes
        for (int i = 0; i < 120; i++) {
            Instant at = base.plusMillis(250L * i);   // 30 s of views
            String user = "user" + (1 + random.nextInt(6));
            String topic = topicNames[random.nextInt(topicNames.length)];
            int minutes = 1 + random.nextInt(10);
            lines.add("\"" + at + "\",\"" + user + "\",\"" + topic + "\"," + minutes);
            expectedTopics.merge(topic, 1L, Long::sum);
            expectedUsers.merge(user, (long) minutes, Long::sum);
            expectedWindows.merge(Instant.ofEpochSecond(at.getEpochSecond() / 5 * 5) + "|" + user, (long) minutes, Long::sum);
        }
        MemoryKafkaSource source = MemoryKafkaSource.of(spark, "views");
        try (StreamingJob job = StreamingJob.create(spark, CheckpointLocations.temporary())) {
            views.start(job, source, Duration.ZERO);
            source.addText(lines.toArray(new String[0]));
            job.processAllAvailable();
            // 40 s: the watermark (35 s) closes all six windows of the 30 s; this view counts on the boards only
            source.addText("\"" + base.plusSeconds(40) + "\",\"user1\",\"AI\",2", "not,a,view");
            expectedTopics.merge("AI", 1L, Long::sum);
            expectedUsers.merge("user1", 2L, Long::sum);
            job.processAllAvailable();
            job.processAllAvailable();
        }

        Map<String, Long> published = new TreeMap<>();
        windows.forEach(row -> published.put(row.getTimestamp(0).toInstant() + "|" + row.getString(2), row.getLong(3)));
        assertThat(published).isEqualTo(expectedWindows);
        assertThat(windows).as("each window and user once").hasSize(expectedWindows.size());
        assertThat(board(topics.name())).isEqualTo(expectedTopics);
        assertThat(board(users.name())).isEqualTo(expectedUsers);
        assertThat(deadLetters).extracting(r -> r.<Long>getAs(DeadLetter.OFFSET)).containsExactly(121L);
    }

    @Test
    void windowsGoToKafkaAsJsonKeyedByUser() {
        Row window = org.apache.spark.sql.RowFactory.create(java.sql.Timestamp.from(Instant.parse("2026-01-01T00:00:05Z")),
                java.sql.Timestamp.from(Instant.parse("2026-01-01T00:00:10Z")), "user7", 12L);
        List<Row> records = ViewsJob.asRecords(spark.createDataFrame(List.of(window), ViewColumns.MINUTES_PER_USER))
                .collectAsList();
        assertThat(records).hasSize(1);
        assertThat(records.get(0).getString(0)).isEqualTo("user7");
        assertThat(records.get(0).getString(1)).isEqualTo("{\"window_start\":\"2026-01-01T00:00:05.000Z\","
                + "\"window_end\":\"2026-01-01T00:00:10.000Z\",\"user\":\"user7\",\"minutes\":12}");
    }

    private Map<String, Long> board(String key) {
        Map<String, Long> scores = new TreeMap<>();
        try (Jedis jedis = RedisPools.borrow(redis)) {
            for (Tuple tuple : jedis.zrangeWithScores(key, 0, -1)) {
                scores.put(tuple.getElement(), (long) tuple.getScore());
            }
        }
        return scores;
    }

    /** The top n by score, then name ascending, computed here from the expected sums. */
    private static List<Entry> expectedTop(Map<String, Long> scores, int n) {
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(scores.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        List<Entry> top = new ArrayList<>();
        for (int i = 0; i < Math.min(n, sorted.size()); i++) {
            top.add(new Entry(i + 1, sorted.get(i).getKey(), sorted.get(i).getValue()));
        }
        return top;
    }
}
