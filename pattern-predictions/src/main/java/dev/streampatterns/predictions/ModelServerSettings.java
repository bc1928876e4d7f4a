package dev.streampatterns.predictions;

import dev.streampatterns.predictions.server.ModelServer;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How the stream job calls a model server.
 *
 * @param url            the server, e.g. {@code http://127.0.0.1:8001}
 * @param chunkSize      texts per {@code POST /sentiment/batch}, 1 to the server's limit (1,000)
 * @param connectTimeout how long a connection may take to open
 * @param readTimeout    how long a call may wait for its answer
 * @param attempts       calls per chunk before the batch fails: 1 is no retry
 * @param backoff        the wait before the first retry; each next retry waits twice as long
 */
public record ModelServerSettings(URI url, int chunkSize, Duration connectTimeout, Duration readTimeout, int attempts,
                                  Duration backoff) implements Serializable {
    public static final int DEFAULT_CHUNK_SIZE = 100;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_ATTEMPTS = 4;
    public static final Duration DEFAULT_BACKOFF = Duration.ofMillis(250);

    public ModelServerSettings {
        Objects.requireNonNull(url, "url");
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("a model server URL is http://HOST:PORT: " + url);
        }
        if (chunkSize < 1 || chunkSize > ModelServer.MAX_BATCH) {
            throw new IllegalArgumentException("a chunk of 1 to " + ModelServer.MAX_BATCH + " texts: " + chunkSize);
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("at least 1 attempt: " + attempts);
        }
        requirePositive(connectTimeout, "connect timeout");
        requirePositive(readTimeout, "read timeout");
        Objects.requireNonNull(backoff, "backoff");
    }

    /** The server at {@code url} with the default chunk, timeouts and retries. */
    public static ModelServerSettings of(URI url) {
        return new ModelServerSettings(url, DEFAULT_CHUNK_SIZE, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT,
                DEFAULT_ATTEMPTS, DEFAULT_BACKOFF);
    }

    /** The same calls, to the server at {@code value}. */
    public ModelServerSettings withUrl(URI value) {
        return new ModelServerSettings(value, chunkSize, connectTimeout, readTimeout, attempts, backoff);
    }

    public ModelServerSettings withChunkSize(int value) {
        return new ModelServerSettings(url, value, connectTimeout, readTimeout, attempts, backoff);
    }

    public ModelServerSettings withRetries(int attemptsValue, Duration backoffValue) {
        return new ModelServerSettings(url, chunkSize, connectTimeout, readTimeout, attemptsValue, backoffValue);
    }

    public ModelServerSettings withTimeouts(Duration connect, Duration read) {
        return new ModelServerSettings(url, chunkSize, connect, read, attempts, backoff);
    }

    private static void requirePositive(Duration duration, String what) {
        if (duration == null || duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("a " + what + " above zero: " + duration);
        }
    }
}
