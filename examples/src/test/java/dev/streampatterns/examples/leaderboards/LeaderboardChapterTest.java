package dev.streampatterns.examples.leaderboards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampatterns.core.sink.DeadLetterSink;
import dev.streampatterns.examples.ChapterProcess;
import dev.streampatterns.generators.GameScoresDataset;
import dev.streampatterns.generators.MalformedInjection;
import dev.streampatterns.servers.KafkaBrokerExtension;
import dev.streampatterns.servers.TestServers;
import dev.streampatterns.servers.TopicRecords;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.Tuple;

/**
 * {@code bin/run-example chapter4-leaderboard} as a user runs it, in a JVM of its own, on the embedded
 * broker and the Redis {@code bin/test} started: the board read back with another client equals the
 * sums of the scores the generator's seed says were sent, and a second run on the same checkpoint
 * changes nothing. Without a Redis and without {@code redis-server}, the chapter says both ways to get one.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LeaderboardChapterTest {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final int SCORES = 1_500;
    private static final long SEED = 11;
    private static final double MALFORMED = 0.01;

    private final TestServers.Redis redis = TestServers.redis();
    private final String topic = "scores-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void theBoardHoldsEachPlayersExactSumAndASecondRunOnTheCheckpointChangesNothing(@TempDir Path dir) throws Exception {
        try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
            jedis.del("player-leaderboard");
        }
        String output = run(dir.resolve("first"), dir, SCORES);

        long malformed = MalformedInjection.countFor(SCORES, MALFORMED);
        assertThat(output).containsPattern("Live page: http://127\\.0\\.0\\.1:\\d+/ — board player-leaderboard in redis "
                + redis.host() + ":" + redis.port());
        assertThat(output).contains(String.format(Locale.ROOT, "Done: %,d scores generated and %,d malformed", SCORES,
                malformed));
        Map<String, Long> expected = new TreeMap<>();
        new GameScoresDataset().scores(SEED, SCORES).forEach(score -> expected.merge(score.player(), (long) score.score(),
                Long::sum));
        assertThat(board()).isEqualTo(expected);
        assertThat(output).contains(topTable(expected));
        assertThat(TopicRecords.read(KAFKA.bootstrapServers(), topic + ".dead-letter", (int) malformed,
                Duration.ofSeconds(30))).extracting(letter -> new String(letter.headers()
                .lastHeader(DeadLetterSink.REASON_HEADER).value(), StandardCharsets.UTF_8))
                .allSatisfy(reason -> assertThat(reason).containsAnyOf("malformed CSV", "missing required field 'score'"));

        run(dir.resolve("second"), dir, 0);
        assertThat(board()).isEqualTo(expected);
    }

    @Test
    void withoutARedisAndWithoutRedisServerInstalledTheChapterSaysHowToGetOne(@TempDir Path dir) throws Exception {
        ChapterProcess.Finished finished = ChapterProcess.run(dir, Map.of("PATH", dir.toString()),
                List.of("chapter4-leaderboard", "--bootstrap-servers", KAFKA.bootstrapServers()), Duration.ofMinutes(2));

        assertThat(finished.exitCode()).isEqualTo(2);
        assertThat(finished.output()).contains("error: chapter4-leaderboard keeps its boards in Redis: give --redis-host")
                .contains("install redis-server").doesNotContain("Exception");
    }

    private String run(Path runDir, Path dir, int scores) throws Exception {
        return ChapterProcess.runToEnd(runDir, Map.of(), List.of("chapter4-leaderboard", "--bootstrap-servers",
                KAFKA.bootstrapServers(), "--topic", topic, "--dead-letter-topic", topic + ".dead-letter", "--redis-host",
                redis.host(), "--redis-port", String.valueOf(redis.port()), "--checkpoint-root",
                dir.resolve("checkpoints").toString(), "--master", "local[2]", "--events", String.valueOf(scores),
                "--rate", "0", "--seed", String.valueOf(SEED), "--malformed-fraction", String.valueOf(MALFORMED),
                "--top-n", "8"), Duration.ofMinutes(3));
    }

    private Map<String, Long> board() {
        Map<String, Long> read = new TreeMap<>();
        try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
            for (Tuple tuple : jedis.zrangeWithScores("player-leaderboard", 0, -1)) {
                read.put(tuple.getElement(), (long) tuple.getScore());
            }
        }
        return read;
    }

    /** The rows of the console's top table, in the board's order (score descending, then name). */
    private static String topTable(Map<String, Long> sums) {
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(sums.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue(java.util.Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < sorted.size(); i++) {
            rows.append(String.format(Locale.ROOT, "|%-4d|%-6s|%-5d|%n", i + 1, sorted.get(i).getKey(),
                    sorted.get(i).getValue()));
        }
        return rows.toString();
    }
}
