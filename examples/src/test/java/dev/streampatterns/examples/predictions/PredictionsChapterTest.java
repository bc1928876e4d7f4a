package dev.streampatterns.examples.predictions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampatterns.core.sink.DeadLetterSink;
import dev.streampatterns.examples.ChapterProcess;
import dev.streampatterns.generators.MalformedInjection;
import dev.streampatterns.generators.ReviewsDataset;
import dev.streampatterns.predictions.VaderSentimentModel;
import dev.streampatterns.servers.Await;
import dev.streampatterns.servers.KafkaBrokerExtension;
import dev.streampatterns.servers.TopicRecords;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both chapter 5 programs as a user runs them, each in a JVM of its own, on the embedded broker:
 * {@code chapter5-model-server}, then {@code chapter5-predictions --mode server --model-server URL}
 * against it. Every review the generator's seed says was sent is in the output topic once, with the
 * model's label for its text; the malformed ones are dead letters.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PredictionsChapterTest {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    private static final Pattern ADDRESS = Pattern.compile("Model server on (http://127\\.0\\.0\\.1:\\d+), model VADER");
    private static final int REVIEWS = 400;
    private static final long SEED = 5;
    private static final double MALFORMED = 0.02;

    @Test
    void theChapterInServerModeAgainstTheModelServerChapterPredictsEveryReviewOnce(@TempDir Path dir) throws Exception {
        Path serverLog = dir.resolve("server.log");
        Files.createDirectories(dir.resolve("server"));
        Process server = ChapterProcess.start(dir.resolve("server"), serverLog, Map.of(),
                List.of("chapter5-model-server", "--port", "0"));
        try {
            Await.until(Duration.ofMinutes(1), "the model server's address", () -> address(serverLog) != null);
            String url = address(serverLog);

            String output = ChapterProcess.runToEnd(dir.resolve("predictions"), Map.of(), List.of("chapter5-predictions",
                    "--mode", "server", "--model-server", url, "--chunk-size", "50", "--bootstrap-servers",
                    KAFKA.bootstrapServers(), "--topic", "reviews", "--output-topic", "predictions", "--dead-letter-topic",
                    "reviews.dead-letter", "--master", "local[2]", "--events", String.valueOf(REVIEWS), "--rate", "0",
                    "--seed", String.valueOf(SEED), "--malformed-fraction", String.valueOf(MALFORMED), "--show", "3"),
                    Duration.ofMinutes(3));

            Map<String, String> expected = new HashMap<>();
            new ReviewsDataset().reviews(SEED, REVIEWS).forEach(review ->
                    expected.put(review.id(), VaderSentimentModel.get().predict(review.text()).label()));
            long malformed = MalformedInjection.countFor(REVIEWS, MALFORMED);
            assertThat(output).contains("Model: the model server at " + url + ", 50 reviews per call")
                    .contains(String.format(Locale.ROOT, "Done: %,d reviews generated and %,d malformed", REVIEWS, malformed))
                    .containsPattern("\\|id +\\|label +\\|score +\\|review +\\|");
            Map<String, String> published = new HashMap<>();
            TopicRecords.read(KAFKA.bootstrapServers(), "predictions", REVIEWS + 1, Duration.ofSeconds(5)).forEach(record ->
                    assertThat(published.put(new String(record.key(), StandardCharsets.UTF_8),
                            new String(record.value(), StandardCharsets.UTF_8))).as("one prediction per id").isNull());
            assertThat(published).isEqualTo(expected);
            assertThat(TopicRecords.read(KAFKA.bootstrapServers(), "reviews.dead-letter", (int) malformed,
                    Duration.ofSeconds(30))).extracting(letter -> new String(letter.headers()
                    .lastHeader(DeadLetterSink.REASON_HEADER).value(), StandardCharsets.UTF_8))
                    .hasSize((int) malformed).allSatisfy(reason -> assertThat(reason).isIn("blank line", "missing key 'id'"));
        } finally {
            server.destroy();
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(Files.readString(serverLog)).contains(String.format(Locale.ROOT, "Stopping: %,d text(s) predicted",
                REVIEWS));
    }

    private static String address(Path log) {
        try {
            Matcher matcher = ADDRESS.matcher(Files.readString(log));
            return matcher.find() ? matcher.group(1) : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
