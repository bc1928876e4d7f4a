package dev.streampatterns.core.sink.redis;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;

/**
 * One Jedis pool per Redis server in each JVM (the driver and every executor); a task borrows a
 * connection for its partition. Never one static connection shared by every task.
 */
public final class RedisPools {
    private static final Map<String, JedisPool> POOLS = new ConcurrentHashMap<>();
    private static final int TIMEOUT_MILLIS = 5_000;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(RedisPools::closeAll, "redis-pools-close"));
    }

    private RedisPools() {
    }

    public static Jedis borrow(RedisEndpoint endpoint) {
        return POOLS.computeIfAbsent(endpoint.toString(), key -> create(endpoint)).getResource();
    }

    private static JedisPool create(RedisEndpoint endpoint) {
        JedisPoolConfig config = new JedisPoolConfig();
        config.setMaxTotal(Math.max(4, Runtime.getRuntime().availableProcessors() * 2));
        config.setJmxEnabled(false);
        return new JedisPool(config, endpoint.host(), endpoint.port(), TIMEOUT_MILLIS, endpoint.password(),
                endpoint.database());
    }

    static void closeAll() {
        POOLS.values().forEach(JedisPool::close);
        POOLS.clear();
    }
}
