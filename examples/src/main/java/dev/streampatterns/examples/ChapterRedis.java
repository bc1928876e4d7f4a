package dev.streampatterns.examples;

import dev.streampatterns.core.config.Config;
import dev.streampatterns.core.config.Setting;
import dev.streampatterns.core.job.CannotConnectException;
import dev.streampatterns.core.sink.redis.RedisEndpoint;
import dev.streampatterns.servers.Programs;
import dev.streampatterns.servers.RedisServerProcess;
import java.time.Duration;
import java.util.Optional;

/**
 * The Redis a chapter adds its running totals to, when given: the settings every such chapter offers
 * (also read from the seeds' {@code REDIS_HOST}, {@code REDIS_PORT}, {@code REDIS_PASSWORD}), the
 * endpoint they make, and the check that it answers before anything starts.
 */
public final class ChapterRedis {
    public static final Setting<Optional<String>> HOST = Setting.optionalString("redis-host",
            "Redis host for the chapter's running totals; none: no totals").alsoEnv("REDIS_HOST");
    public static final Setting<Integer> PORT = Setting.intValue("redis-port", 6379, 1, 65535, "Redis port")
            .alsoEnv("REDIS_PORT");
    public static final Setting<String> PASSWORD = Setting.string("redis-password", "", "Redis password")
            .alsoEnv("REDIS_PASSWORD").secret();

    private ChapterRedis() {
    }

    /** The Redis the settings give; empty when no host is. */
    public static Optional<RedisEndpoint> endpoint(Config config) {
        return config.get(HOST).map(host -> RedisEndpoint.of(host, config.get(PORT)).withPassword(config.get(PASSWORD)));
    }

    /**
     * The Redis a chapter that cannot run without one uses: the one the settings give, or else a
     * {@code redis-server} of its own, started on a free port of 127.0.0.1 and stopped at {@link
     * Server#close()}, when the program is installed; else a configuration error saying both ways.
     */
    public static Server givenOrOwn(Optional<RedisEndpoint> given, String chapterName) {
        if (given.isPresent()) {
            requireReachable(given);
            return new Server(given.get(), null);
        }
        Optional<java.nio.file.Path> binary = Programs.onPath("redis-server");
        if (binary.isEmpty()) {
            throw new dev.streampatterns.core.config.ConfigException(chapterName + " keeps its boards in Redis: give "
                    + HOST.givenBy() + " (and the other --redis-* settings), or install redis-server (Debian: apt-get "
                    + "install redis-server) and the chapter starts one of its own on 127.0.0.1");
        }
        RedisServerProcess own = RedisServerProcess.startInMemory(binary.get().toString());
        return new Server(RedisEndpoint.of("127.0.0.1", own.port()), own);
    }

    /** A chapter's Redis: given, or its own process. */
    public static final class Server implements AutoCloseable {
        private final RedisEndpoint endpoint;
        private final RedisServerProcess own;

        private Server(RedisEndpoint endpoint, RedisServerProcess own) {
            this.endpoint = endpoint;
            this.own = own;
        }

        public RedisEndpoint endpoint() {
            return endpoint;
        }

        /** For the console: which Redis, and whether the chapter started it. */
        public String describe() {
            return own == null ? endpoint.toString()
                    : endpoint + ", a redis-server of the chapter's own (stopped at the end; give --redis-host to keep "
                            + "the boards)";
        }

        @Override
        public void close() {
            if (own != null) {
                own.close();
            }
        }
    }


    /** Fails naming the Redis settings unless the Redis they give, if any, answers within five seconds. */
    public static void requireReachable(Optional<RedisEndpoint> redis) {
        if (redis.isPresent()) {
            try {
                redis.get().checkConnection(Duration.ofSeconds(5));
            } catch (CannotConnectException e) {
                throw e.setBy(HOST.givenBy() + " (and the other --redis-* settings)");
            }
        }
    }
}
