package dev.streampatterns.benchmarks;

import dev.streampatterns.core.sink.QueryBatch;
import dev.streampatterns.core.sink.redis.RedisEndpoint;
import dev.streampatterns.core.sink.redis.RedisSink;
import dev.streampatterns.leaderboards.BoardColumns;
import dev.streampatterns.leaderboards.page.LivePage;
import dev.streampatterns.servers.Programs;
import dev.streampatterns.servers.TempFolders;
import dev.streampatterns.testkit.HeadlessChromium;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.spark.sql.RowFactory;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * The live page's update latency: a batch is committed to a board (core's Redis sink, one
 * {@code MULTI}/{@code EXEC}) and its member becomes the board's first; the time from the commit to the
 * moment the page shows it. Measured for {@value #BATCHES} batches, one after the other, as seen by a
 * plain event-stream client over HTTP (the baseline: the server's read interval and push alone) and by
 * headless Chromium rendering the page (the {@code renderLog} the page keeps of when it showed each
 * state). Both clocks are this machine's wall clock.
 */
final class PageLatency {
    static final int BATCHES = 100;
    private static final String BOARD = "bench-page-board";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final BenchmarkContext context;
    private final RedisEndpoint redis;

    PageLatency(BenchmarkContext context, RedisEndpoint redis) {
        this.context = context;
        this.redis = redis;
    }

    List<ResultRow> measure() throws Exception {
        LeaderboardScenario.flush(redis);
        RedisSink sink = RedisSink.sortedSetIncrements("bench-page", redis, BOARD, BoardColumns.MEMBER, BoardColumns.AMOUNT);
        String query = UUID.randomUUID().toString();
        Map<String, Long> streamSeen = new ConcurrentHashMap<>();
        long[] committed = new long[BATCHES];
        Optional<String> chromium = Programs.onPath("chromium").map(Path::toString);
        Optional<String> chromedriver = Programs.onPath("chromedriver").map(Path::toString);
        Path profile = TempFolders.create("bench-chromium-");
        WebDriver browser = null;
        long cpu = BenchmarkContext.processCpuNanos();
        long start = System.nanoTime();
        try (LivePage page = LivePage.start(redis, List.of(BOARD), 5, 0, LivePage.DEFAULT_REFRESH)) {
            CompletableFuture<HttpResponse<Stream<String>>> stream = follow(page, streamSeen);
            if (chromium.isPresent() && chromedriver.isPresent()) {
                browser = HeadlessChromium.start(chromium.get(), chromedriver.get(), profile);
                browser.get(page.address().toString());
            }
            for (int k = 0; k < BATCHES; k++) {
                String member = "batch-" + k;
                sink.write(context.spark().createDataFrame(List.of(RowFactory.create(member, 1_000L * (k + 1))),
                        dev.streampatterns.leaderboards.BoardColumns.SCHEMA), new QueryBatch(query, k));
                committed[k] = System.currentTimeMillis();
                await(() -> streamSeen.containsKey(member), "the event stream to show " + member);
                if (browser != null) {
                    JavascriptExecutor js = (JavascriptExecutor) browser;
                    await(() -> Boolean.TRUE.equals(js.executeScript(
                            "return window.renderLog.some(e => e[0] === arguments[0]);", member)), "Chromium to show " + member);
                }
            }
            stream.cancel(true);
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (BenchmarkContext.processCpuNanos() - cpu) / 1e9;
            List<ResultRow> rows = new ArrayList<>();
            Latencies server = Latencies.of(latencies(committed, streamSeen));
            rows.add(row("live page → event-stream client over HTTP (baseline)", server, seconds, cpuSeconds, 1.0, ""));
            if (browser != null) {
                Map<String, Long> rendered = rendered(browser);
                if (!order(rendered).equals(order(streamSeen))) {
                    throw new Runs.ResultMismatchException("the browser showed the batches " + order(rendered)
                            + ", the event stream " + order(streamSeen));
                }
                Latencies shown = Latencies.of(latencies(committed, rendered));
                rows.add(row("live page → headless Chromium shows it", shown, seconds, cpuSeconds, server.p50() / shown.p50(),
                        Runs.RESULTS_AGREE + " (every batch shown, in order); "));
            } else {
                context.log("leaderboard: no chromium and chromedriver on the PATH (Debian: apt-get install chromium "
                        + "chromium-driver); the browser's latency is not measured");
            }
            return rows;
        } finally {
            if (browser != null) {
                browser.quit();
            }
            TempFolders.deleteRecursively(profile);
        }
    }

    private ResultRow row(String variant, Latencies latencies, double seconds, double cpuSeconds, double ratio,
                          String agreement) {
        return new ResultRow(LeaderboardScenario.NAME, variant, BATCHES, seconds, BATCHES / seconds, cpuSeconds, latencies,
                context.heap().peak(), ratio, BenchmarkContext.loadAverage(), agreement + String.format(Locale.ROOT,
                "batch committed → shown, %d batches one after the other, page refresh %d ms; p95 %.0f ms, max %.0f ms"
                        + "; x baseline = p50 ratio", BATCHES, LivePage.DEFAULT_REFRESH.toMillis(), latencies.p95(),
                latencies.max()));
    }

    /** Follows the page's event stream, noting when each member first showed as the board's first. */
    private static CompletableFuture<HttpResponse<Stream<String>>> follow(LivePage page, Map<String, Long> seen) {
        CompletableFuture<HttpResponse<Stream<String>>> response = HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(page.address().resolve("events")).build(), HttpResponse.BodyHandlers.ofLines());
        response.thenAcceptAsync(lines -> lines.body().filter(line -> line.startsWith("data: ")).forEach(line -> {
            long now = System.currentTimeMillis();
            int at = line.indexOf("\"member\":\"");
            if (at >= 0) {
                String member = line.substring(at + 10, line.indexOf('"', at + 10));
                seen.putIfAbsent(member, now);
            }
        }));
        return response;
    }

    /** When the browser first showed each member as the board's first. */
    @SuppressWarnings("unchecked")
    private static Map<String, Long> rendered(WebDriver browser) {
        Map<String, Long> shown = new ConcurrentHashMap<>();
        List<List<Object>> log = (List<List<Object>>) ((JavascriptExecutor) browser).executeScript("return window.renderLog;");
        for (List<Object> entry : log) {
            if (entry.get(0) != null) {
                shown.putIfAbsent((String) entry.get(0), ((Number) entry.get(1)).longValue());
            }
        }
        return shown;
    }

    /** The batches' members in the order they were first shown. */
    private static List<String> order(Map<String, Long> shown) {
        return shown.entrySet().stream().filter(e -> e.getKey().startsWith("batch-"))
                .sorted(Map.Entry.comparingByValue()).map(Map.Entry::getKey).toList();
    }

    private static long[] latencies(long[] committed, Map<String, Long> seen) {
        long[] latencies = new long[committed.length];
        for (int k = 0; k < committed.length; k++) {
            latencies[k] = Math.max(0, seen.get("batch-" + k) - committed[k]);
        }
        return latencies;
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("waited " + WAIT + " for " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
        }
    }
}
