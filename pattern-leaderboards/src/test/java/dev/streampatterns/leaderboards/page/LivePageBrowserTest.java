package dev.streampatterns.leaderboards.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampatterns.core.job.CheckpointLocations;
import dev.streampatterns.core.job.StreamingJob;
import dev.streampatterns.core.sink.RefusalPolicy;
import dev.streampatterns.core.sink.redis.RedisEndpoint;
import dev.streampatterns.leaderboards.BoardIncrements;
import dev.streampatterns.leaderboards.BoardsJob;
import dev.streampatterns.leaderboards.ScoreColumns;
import dev.streampatterns.servers.TestServers;
import dev.streampatterns.testkit.HeadlessChromium;
import dev.streampatterns.testkit.MemoryKafkaSource;
import dev.streampatterns.testkit.TestSparkSessions;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The live page in a real browser — Debian's headless Chromium through ChromeDriver — fed by the
 * players' board job on a real Redis: the page shows the exact top N after a batch, moves to the next
 * batch's top N without a reload, and shows a hostile player name as text. The top N is computed in
 * the test from the scores it sent. A screenshot of the page is left in {@code target/screenshots}.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LivePageBrowserTest {
    private static final int TOP_N = 4;
    private static final String HOSTILE = "<img src=x onerror=alert(1)>";
    private static final Duration WITHIN = Duration.ofSeconds(10);

    private final SparkSession spark = TestSparkSessions.local();
    private final RedisEndpoint redis = RedisEndpoint.of(TestServers.redis().host(), TestServers.redis().port());
    private final Map<String, Long> sums = new TreeMap<>();

    @Test
    void thePageShowsTheExactTopNAfterABatchAndTheNextBatchsWithoutAReloadAndAHostileNameAsText(@TempDir Path profile)
            throws Exception {
        BoardIncrements players = BoardIncrements.summing("browser-test-" + UUID.randomUUID().toString().substring(0, 8),
                ScoreColumns.PLAYER, ScoreColumns.SCORE);
        BoardsJob scores = new BoardsJob("browser-scores", ScoreColumns.decoder(), List.of(players), redis,
                (rows, batchId) -> { }, RefusalPolicy.DEFAULT, TOP_N, report -> { });
        MemoryKafkaSource source = MemoryKafkaSource.of(spark, "scores");
        WebDriver browser = null;
        try (StreamingJob job = StreamingJob.create(spark, CheckpointLocations.temporary());
             LivePage page = LivePage.start(redis, List.of(players.name()), TOP_N, 0, LivePage.DEFAULT_REFRESH)) {
            scores.start(job, source, Duration.ZERO);
            browser = chromium(profile);
            browser.get(page.address().toString());

            send(source, "Bob", "7", "Mike", "9", "Kathy", "4", "Sam", "9", "Alice", "2", "Bob", "5", "Ravi", "3");
            job.processAllAvailable();
            awaitRows(browser, players.name(), expectedTop());
            ((JavascriptExecutor) browser).executeScript("window.sameDocument = 'yes';");

            send(source, HOSTILE, "10", "Kathy", "8", "Alice", "1", HOSTILE, "6", "Ravi", "10");
            job.processAllAvailable();
            awaitRows(browser, players.name(), expectedTop());

            assertThat(((JavascriptExecutor) browser).executeScript("return window.sameDocument;"))
                    .as("updated in place, not reloaded").isEqualTo("yes");
            assertThat(browser.findElements(By.cssSelector("#boards img"))).as("the name was not run as markup").isEmpty();
            assertThat(((JavascriptExecutor) browser).executeScript("return document.querySelector('td.member').textContent;"))
                    .isEqualTo(HOSTILE);
            screenshot(browser);
        } finally {
            if (browser != null) {
                browser.quit();
            }
        }
    }

    /** Sends keyed scores as one batch and adds them to the sums this test expects. */
    private void send(MemoryKafkaSource source, String... playersAndScores) {
        source.addKeyedText(playersAndScores);
        for (int i = 0; i < playersAndScores.length; i += 2) {
            sums.merge(playersAndScores[i], Long.parseLong(playersAndScores[i + 1]), Long::sum);
        }
    }

    /** The rows the page must show: score descending, equal scores by name ascending, ranks from 1. */
    private List<String> expectedTop() {
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(sums.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < Math.min(TOP_N, sorted.size()); i++) {
            rows.add((i + 1) + "|" + sorted.get(i).getKey() + "|" + sorted.get(i).getValue());
        }
        return rows;
    }

    private static void awaitRows(WebDriver browser, String board, List<String> expected) {
        String rows = "section[data-board='" + board + "'] tbody tr";
        try {
            new WebDriverWait(browser, WITHIN).until(driver -> shown(driver, rows).equals(expected));
        } catch (org.openqa.selenium.TimeoutException e) {
            assertThat(shown(browser, rows)).as("the page's rows within " + WITHIN).isEqualTo(expected);
        }
    }

    /**
     * The rows' cells as "rank|member|score", read in one script: the page replaces its rows at each
     * update, so rows read one element at a time could be replaced between two reads.
     */
    @SuppressWarnings("unchecked")
    private static List<String> shown(WebDriver browser, String rowsSelector) {
        return (List<String>) ((JavascriptExecutor) browser).executeScript("return [...document.querySelectorAll("
                + "arguments[0])].map(row => [...row.cells].map(cell => cell.textContent).join('|'));", rowsSelector);
    }

    private static WebDriver chromium(Path profile) {
        TestServers.Browser installed = TestServers.browser();
        return HeadlessChromium.start(installed.chromium(), installed.chromedriver(), profile);
    }

    private static void screenshot(WebDriver browser) throws java.io.IOException {
        Path folder = Files.createDirectories(Paths.get("target", "screenshots"));
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), folder.resolve("live-page.png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
