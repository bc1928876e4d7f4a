package dev.streampatterns.examples;

import dev.streampatterns.core.config.Config;
import dev.streampatterns.core.config.Setting;
import dev.streampatterns.core.job.CannotConnectException;
import dev.streampatterns.core.sink.redis.RedisEndpoint;
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
