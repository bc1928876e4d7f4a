package dev.streampatterns.leaderboards.page;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streampatterns.core.sink.redis.RedisEndpoint;
import dev.streampatterns.core.sink.redis.RedisPools;
import dev.streampatterns.servers.RedisServerProcess;
import dev.streampatterns.servers.TestServers;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;

/** The live page's server over real HTTP, on a real Redis: its JSON endpoint, its event stream, an outage. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class LivePageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final RedisEndpoint redis = RedisEndpoint.of(TestServers.redis().host(), TestServers.redis().port());
    private final String board = "page-test:" + UUID.randomUUID().toString().substring(0, 8);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private LivePage page;

    @AfterEach
    void stop() {
        if (page != null) {
            page.close();
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(page.address().resolve(path)).timeout(WAIT).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void zadd(RedisEndpoint endpoint, Map<String, Double> scores) {
        try (Jedis jedis = RedisPools.borrow(endpoint)) {
            jedis.zadd(board, scores);
        }
    }

    @Test
    void theJsonEndpointGivesTheTopNWithTiesByNameAnd404ForAnUnknownBoardAnd400ForABadN() throws Exception {
        zadd(redis, Map.of("Mike", 12.0, "Sam", 10.0, "Bob", 10.0, "Kathy", 7.5));
        page = LivePage.start(redis, List.of(board), 10, 0, LivePage.DEFAULT_REFRESH);
        assertThat(page.address().getHost()).isEqualTo("127.0.0.1");

        HttpResponse<String> top = get("api/boards/" + board + "?n=3");
        assertThat(top.statusCode()).isEqualTo(200);
        assertThat(top.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
        assertThat(JSON.readTree(top.body())).isEqualTo(JSON.readTree("[{\"rank\":1,\"member\":\"Mike\",\"score\":12.0},"
                + "{\"rank\":2,\"member\":\"Bob\",\"score\":10.0},{\"rank\":3,\"member\":\"Sam\",\"score\":10.0}]"));
        assertThat(JSON.readTree(get("api/boards/" + board + "?n=50").body())).hasSize(4);

        HttpResponse<String> unknown = get("api/boards/no-such-board?n=3");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).get("error").asText()).startsWith("no board 'no-such-board'");
        for (String bad : List.of("0", "-1", "abc", "1001", "2.5", "")) {
            HttpResponse<String> response = get("api/boards/" + board + "?n=" + bad);
            assertThat(response.statusCode()).as("n=" + bad).isEqualTo(400);
            assertThat(JSON.readTree(response.body()).get("error").asText()).contains("from 1 to 1000");
        }
        assertThat(get("nothing-here").statusCode()).isEqualTo(404);
        HttpResponse<String> html = get("");
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
    }

    @Test
    void theEventStreamSendsTheBoardsAtOnceAndThenOnlyWhenABoardChanged() throws Exception {
        zadd(redis, Map.of("Bob", 3.0));
        page = LivePage.start(redis, List.of(board), 2, 0, Duration.ofMillis(50));
        try (EventStreamReader events = new EventStreamReader(http, page.address())) {
            JsonNode first = events.next(WAIT);
            assertThat(first.get("redis").asText()).isEqualTo("ok");
            assertThat(first.get("boards").get(0).get("entries")).isEqualTo(JSON.readTree(
                    "[{\"rank\":1,\"member\":\"Bob\",\"score\":3.0}]"));

            zadd(redis, Map.of("Kathy", 5.0, "Sam", 1.0));
            JsonNode changed = events.next(WAIT);
            assertThat(changed.get("boards").get(0).get("entries")).isEqualTo(JSON.readTree(
                    "[{\"rank\":1,\"member\":\"Kathy\",\"score\":5.0},{\"rank\":2,\"member\":\"Bob\",\"score\":3.0}]"));

            // A change below the top 2 is no change of the page: nothing is pushed for it. Then a change
            // of the top 2 is pushed, and it is the next event received.
            zadd(redis, Map.of("Sam", 2.0));
            zadd(redis, Map.of("Bob", 9.0));
            JsonNode next = events.next(WAIT);
            assertThat(next.get("boards").get(0).get("entries").get(0).get("member").asText()).isEqualTo("Bob");
            assertThat(events.waiting()).isZero();
        }
    }

    @Test
    void whileRedisIsDownThePageSaysSoAndTheApiAnswers503AndBothRecoverWhenItReturns() throws Exception {
        try (RedisServerProcess own = RedisServerProcess.start(TestServers.redisServerBinary())) {
            RedisEndpoint ownRedis = RedisEndpoint.of("127.0.0.1", own.port());
            zadd(ownRedis, Map.of("Bob", 4.0));
            page = LivePage.start(ownRedis, List.of(board), 5, 0, Duration.ofMillis(100));
            try (EventStreamReader events = new EventStreamReader(http, page.address())) {
                assertThat(events.next(WAIT).get("redis").asText()).isEqualTo("ok");

                own.stop();
                JsonNode down = events.until(state -> !state.get("redis").asText().equals("ok"), WAIT);
                assertThat(down.get("redis").asText()).isEqualTo("unreachable");
                assertThat(down.get("error").asText()).startsWith("redis 127.0.0.1:" + own.port() + " is unreachable");
                assertThat(get("api/boards/" + board + "?n=5").statusCode()).isEqualTo(503);

                own.startAgain();
                JsonNode back = events.until(state -> state.get("redis").asText().equals("ok"), Duration.ofSeconds(30));
                assertThat(back.get("boards").get(0).get("entries").get(0).get("member").asText()).isEqualTo("Bob");
                assertThat(get("api/boards/" + board + "?n=5").statusCode()).isEqualTo(200);
            }
        }
    }

}
