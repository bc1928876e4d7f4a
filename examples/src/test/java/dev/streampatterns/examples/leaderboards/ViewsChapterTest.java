package dev.streampatterns.examples.leaderboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streampatterns.examples.ChapterProcess;
import dev.streampatterns.generators.WebsiteViewsDataset;
import dev.streampatterns.servers.KafkaBrokerExtension;
import dev.streampatterns.servers.TopicRecords;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/run-example chapter6-views} as a user runs it, in a JVM of its own, on the embedded broker
 * and a {@code redis-server} the chapter starts itself: the minutes-per-user topic holds exactly the
 * windows the watermark closed, and the boards printed at the end hold exactly the views per topic and
 * minutes per user that the generator's seed says were sent.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ViewsChapterTest {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final int VIEWS = 800;
    private static final long SEED = 13;
    private static final Pattern BOARD = Pattern.compile("^  (\\S+), top \\d+:$");
    private static final Pattern ROW = Pattern.compile("^\\|(\\d+)\\s*\\|(\\S+)\\s*\\|(\\d+)\\s*\\|$");

    @Test
    void theMinutesTopicHoldsEveryClosedWindowAndTheBoardsTheExactCountsAndSums(@TempDir Path dir) throws Exception {
        String topic = "views-" + UUID.randomUUID().toString().substring(0, 8);
        String output = ChapterProcess.runToEnd(dir, Map.of(), List.of("chapter6-views", "--bootstrap-servers",
                KAFKA.bootstrapServers(), "--topic", topic, "--minutes-topic", topic + ".minutes", "--dead-letter-topic",
                topic + ".dead-letter", "--master", "local[2]", "--events", String.valueOf(VIEWS), "--rate", "0",
                "--seed", String.valueOf(SEED), "--late-fraction", "0", "--top-n", "25"), Duration.ofMinutes(3));

        List<WebsiteViewsDataset.View> views = new WebsiteViewsDataset().views(SEED, VIEWS);
        Map<String, Long> topics = new TreeMap<>();
        Map<String, Long> users = new TreeMap<>();
        Map<String, Long> windows = new TreeMap<>();   // "window start|user" -> minutes
        Instant latest = Instant.EPOCH;
        for (WebsiteViewsDataset.View view : views) {
            topics.merge(view.topic(), 1L, Long::sum);
            users.merge(view.user(), (long) view.minutes(), Long::sum);
            windows.merge(Instant.ofEpochSecond(view.timestamp().getEpochSecond() / 5 * 5) + "|" + view.user(),
                    (long) view.minutes(), Long::sum);
            latest = latest.isAfter(view.timestamp()) ? latest : view.timestamp();
        }
        // Published once the watermark (the latest view minus 5 s) reaches a window's end.
        Instant watermark = latest.minusSeconds(5);
        windows.keySet().removeIf(key -> Instant.parse(key.substring(0, key.indexOf('|'))).plusSeconds(5).isAfter(watermark));

        assertThat(output).containsPattern("Live page: http://127\\.0\\.0\\.1:\\d+/ — boards topics-leaderboard and "
                + "users-leaderboard in redis 127\\.0\\.0\\.1:\\d+, a redis-server of the chapter's own");
        Map<String, Map<String, Long>> printed = finalBoards(output);
        assertThat(printed.get("topics-leaderboard")).isEqualTo(topics);
        assertThat(printed.get("users-leaderboard")).isEqualTo(users);

        ObjectMapper json = new ObjectMapper();
        Map<String, Long> published = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record : TopicRecords.read(KAFKA.bootstrapServers(), topic + ".minutes",
                windows.size(), Duration.ofSeconds(30))) {
            JsonNode window = json.readTree(new String(record.value(), StandardCharsets.UTF_8));
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(window.get("user").asText());
            published.put(Instant.parse(window.get("window_start").asText()) + "|" + window.get("user").asText(),
                    window.get("minutes").asLong());
        }
        assertThat(published).isEqualTo(windows).hasSizeGreaterThan(100);
    }

    /** The boards' tables printed after "Boards in", by board: member -> score. */
    private static Map<String, Map<String, Long>> finalBoards(String output) {
        Map<String, Map<String, Long>> boards = new TreeMap<>();
        String last = output.substring(output.lastIndexOf("Boards in "));
        String board = null;
        for (String line : last.split("\\R")) {
            Matcher name = BOARD.matcher(line);
            Matcher row = ROW.matcher(line);
            if (name.matches()) {
                board = name.group(1);
                boards.put(board, new TreeMap<>());
            } else if (row.matches() && board != null) {
                boards.get(board).put(row.group(2), Long.parseLong(row.group(3)));
            }
        }
        return boards;
    }
}
