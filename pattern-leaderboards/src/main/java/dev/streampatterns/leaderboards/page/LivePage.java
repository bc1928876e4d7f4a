package dev.streampatterns.leaderboards.page;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streampatterns.core.http.LoopbackHttpServer;
import dev.streampatterns.core.sink.redis.RedisEndpoint;
import dev.streampatterns.leaderboards.Leaderboard;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * The boards' live page (SPEC section 10): one HTML page on 127.0.0.1 showing the top N of each board,
 * updated in place by server-sent events within a refresh interval of a change, and the same data as
 * JSON.
 *
 * <ul>
 *   <li>{@code GET /}: the page. It is static; the boards arrive as JSON and are written into the page
 *       as text ({@code textContent}), so a member named {@code <img src=x onerror=alert(1)>} is shown,
 *       never run.</li>
 *   <li>{@code GET /events}: the event stream. A page gets the current state when it connects, then a
 *       new state only when a board (or Redis's reachability) changed: the server reads the boards every
 *       refresh interval and pushes only a state that differs from the last.</li>
 *   <li>{@code GET /api/boards/{name}?n=N}: {@code [{"rank":1,"member":"Bob","score":42.0}, ...]};
 *       404 with a JSON error for a board the page does not show, 400 for an {@code n} that is not a
 *       whole number from 1 to {@value #MAX_N}, 503 while Redis is unreachable.</li>
 * </ul>
 *
 * <p>Why Jetty 12's core API ({@link LoopbackHttpServer}): a well-kept embeddable server whose
 * non-blocking responses suit an event stream held open per page; its servlet layer is left out,
 * because Spark 4 brings an older {@code jakarta.servlet} onto the same class path.
 */
public final class LivePage implements AutoCloseable {
    /** The largest N the JSON endpoint gives. */
    public static final int MAX_N = 1_000;
    public static final Duration DEFAULT_REFRESH = Duration.ofMillis(200);
    private static final Pattern BOARD_PATH = Pattern.compile("/api/boards/([^/]+)");
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(10);

    private final RedisEndpoint redis;
    private final List<String> boards;
    private final BoardsState state;
    private final EventStream events = new EventStream();
    private LoopbackHttpServer server;
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "live-page-refresh");
        thread.setDaemon(true);
        return thread;
    });
    private final byte[] html;
    private volatile String current;

    private LivePage(RedisEndpoint redis, List<String> boards, int topN) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.boards = List.copyOf(boards);
        if (this.boards.isEmpty()) {
            throw new IllegalArgumentException("a live page shows at least one board");
        }
        if (topN < 1 || topN > MAX_N) {
            throw new IllegalArgumentException("top N from 1 to " + MAX_N + ": " + topN);
        }
        this.state = new BoardsState(redis, this.boards, topN);
        this.html = resource("/leaderboards/page.html");
    }

    /**
     * Starts the page on 127.0.0.1:{@code port} (0: any free port) showing the top {@code topN} of each
     * of {@code boards}, read every {@code refresh}.
     */
    public static LivePage start(RedisEndpoint redis, List<String> boards, int topN, int port, Duration refresh) {
        LivePage page = new LivePage(redis, boards, topN);
        page.current = page.state.read();
        try {
            page.server = LoopbackHttpServer.start("live page", port, 32, page.new Routes());
        } catch (RuntimeException e) {
            page.close();
            throw e;
        }
        page.refresher.scheduleWithFixedDelay(page::refresh, refresh.toMillis(), refresh.toMillis(), TimeUnit.MILLISECONDS);
        page.refresher.scheduleWithFixedDelay(page.events::keepAlive, KEEP_ALIVE.toMillis(), KEEP_ALIVE.toMillis(),
                TimeUnit.MILLISECONDS);
        return page;
    }

    /** The page's address, {@code http://127.0.0.1:<port>/}. */
    public URI address() {
        return server.address("/");
    }

    /** Pages open on the event stream now. */
    public int openPages() {
        return events.openPages();
    }

    private void refresh() {
        try {
            String next = state.read();
            if (!next.equals(current)) {
                current = next;
                events.broadcast(next);
            }
        } catch (RuntimeException e) {
            // The next refresh tries again; a failure here must not end the scheduled refreshes.
            current = null;
        }
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        events.closeAll();
        if (server != null) {
            server.close();
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = LivePage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing class-path resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Blocking: the JSON endpoint reads Redis on the request's thread. */
    private final class Routes extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            if (!HttpMethod.GET.is(request.getMethod())) {
                LoopbackHttpServer.sendJson(response, callback, 405, error("only GET"));
                return true;
            }
            String path = Request.getPathInContext(request);
            Matcher board = BOARD_PATH.matcher(path);
            if (path.equals("/")) {
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
                response.write(true, java.nio.ByteBuffer.wrap(html), callback);
            } else if (path.equals("/events")) {
                events.open(response, callback, current != null ? current : state.read());
            } else if (board.matches()) {
                boardJson(request, response, callback, board.group(1));
            } else {
                LoopbackHttpServer.sendJson(response, callback, 404, error("no such page: " + path));
            }
            return true;
        }

        private void boardJson(Request request, Response response, Callback callback, String name) {
            if (!boards.contains(name)) {
                LoopbackHttpServer.sendJson(response, callback, 404,
                        error("no board '" + name + "'; this page shows " + boards));
                return;
            }
            String n = Request.extractQueryParameters(request).getValue("n");
            int topN;
            try {
                topN = n == null ? 10 : Integer.parseInt(n);
            } catch (NumberFormatException e) {
                topN = -1;
            }
            if (topN < 1 || topN > MAX_N) {
                LoopbackHttpServer.sendJson(response, callback, 400,
                        error("n must be a whole number from 1 to " + MAX_N + ", was '" + n + "'"));
                return;
            }
            try {
                LoopbackHttpServer.sendJson(response, callback, 200,
                        BoardsState.entries(new Leaderboard(redis, name).top(topN)).toString());
            } catch (JedisConnectionException e) {
                LoopbackHttpServer.sendJson(response, callback, 503, error(redis + " is unreachable: " + e.getMessage()));
            }
        }

        private String error(String message) {
            ObjectNode error = BoardsState.JSON.createObjectNode();
            return error.put("error", message).toString();
        }

    }
}
