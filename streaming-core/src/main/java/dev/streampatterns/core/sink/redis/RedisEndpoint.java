package dev.streampatterns.core.sink.redis;

import dev.streampatterns.core.job.CannotConnectException;
import dev.streampatterns.core.config.ConfigException;
import java.io.Serializable;
import java.time.Duration;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A Redis server: host, port, database and an optional password (from configuration or the
 * environment; never shown by {@link #toString()}).
 */
public final class RedisEndpoint implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String host;
    private final int port;
    private final int database;
    private final String password;

    private RedisEndpoint(String host, int port, int database, String password) {
        if (host == null || host.isBlank()) {
            throw new ConfigException("redis-host: missing");
        }
        if (port < 1 || port > 65535) {
            throw new ConfigException("redis-port: " + port + " is not a port (1 to 65535)");
        }
        this.host = host;
        this.port = port;
        this.database = database;
        this.password = password == null || password.isEmpty() ? null : password;
    }

    public static RedisEndpoint of(String host, int port) {
        return new RedisEndpoint(host, port, 0, null);
    }

    public RedisEndpoint withPassword(String value) {
        return new RedisEndpoint(host, port, database, value);
    }

    public RedisEndpoint withDatabase(int value) {
        return new RedisEndpoint(host, port, value, password);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public int database() {
        return database;
    }

    String password() {
        return password;
    }

    /**
     * Connects, authenticates and pings once: the check that the server is there, and takes this
     * password, before a job starts.
     *
     * @throws CannotConnectException within about {@code timeout} if it cannot
     */
    public void checkConnection(Duration timeout) {
        DefaultJedisClientConfig config = DefaultJedisClientConfig.builder().timeoutMillis((int) timeout.toMillis())
                .password(password).database(database).build();
        try (Jedis jedis = new Jedis(new HostAndPort(host, port), config)) {
            jedis.ping();
        } catch (JedisException e) {
            throw new CannotConnectException("cannot connect to " + this + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "redis " + host + ":" + port + (database == 0 ? "" : "/" + database);
    }
}
