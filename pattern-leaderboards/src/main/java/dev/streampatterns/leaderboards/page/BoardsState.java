package dev.streampatterns.leaderboards.page;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streampatterns.core.sink.redis.RedisEndpoint;
import dev.streampatterns.leaderboards.Leaderboard;
import java.util.List;
import java.util.Objects;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The page's boards as JSON, read from Redis: what the page shows, and what it is sent whenever it
 * changes. Redis being unreachable is a state too, so the page can say so and recover when it returns.
 *
 * <pre>{@code
 * {"redis":"ok","boards":[{"name":"player-leaderboard","entries":[{"rank":1,"member":"Bob","score":42.0}]}]}
 * {"redis":"unreachable","error":"redis 127.0.0.1:6379 is unreachable: ...","boards":[]}
 * }</pre>
 */
final class BoardsState {
    static final ObjectMapper JSON = new ObjectMapper();

    private final RedisEndpoint redis;
    private final List<String> boards;
    private final int topN;

    BoardsState(RedisEndpoint redis, List<String> boards, int topN) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.boards = List.copyOf(boards);
        this.topN = topN;
    }

    /** The boards' top N now, or why they cannot be read, as the JSON object above. */
    String read() {
        ObjectNode state = JSON.createObjectNode();
        ArrayNode read = JSON.createArrayNode();
        try {
            for (String board : boards) {
                read.addObject().put("name", board).set("entries", entries(new Leaderboard(redis, board).top(topN)));
            }
            state.put("redis", "ok");
            state.set("boards", read);
        } catch (JedisConnectionException e) {
            state.put("redis", "unreachable");
            state.put("error", redis + " is unreachable: " + e.getMessage());
            state.set("boards", JSON.createArrayNode());
        } catch (JedisException e) {
            state.put("redis", "error");
            state.put("error", redis + " answered: " + e.getMessage());
            state.set("boards", JSON.createArrayNode());
        }
        return state.toString();
    }

    /** A board's entries as {@code [{"rank":1,"member":"Bob","score":42.0}, ...]}. */
    static ArrayNode entries(List<Leaderboard.Entry> top) {
        ArrayNode entries = JSON.createArrayNode();
        top.forEach(entry -> entries.addObject().put("rank", entry.rank()).put("member", entry.member())
                .put("score", entry.score()));
        return entries;
    }
}
