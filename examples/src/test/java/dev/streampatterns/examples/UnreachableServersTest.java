package dev.streampatterns.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streampatterns.core.job.CannotConnectException;
import dev.streampatterns.examples.alerts.AlertsExample;
import dev.streampatterns.examples.archive.EventArchiveExample;
import dev.streampatterns.examples.userevents.UserEventsExample;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A chapter given a server that is not there says so in one line, at once, naming the address and
 * the setting that gives it: no minute of retries, no stack trace (Examples.main prints the message).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UnreachableServersTest {

    /** A loopback port that was free a moment ago: nothing listens on it. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A chapter's entry point, as Examples.main calls it. */
    @FunctionalInterface
    interface Chapter {
        void run(String[] args) throws Exception;
    }

    static Stream<Arguments> kafkaChapters() {
        return Stream.of(
                Arguments.of("user-events", (Chapter) UserEventsExample::run, "SSP_BOOTSTRAP_SERVERS"),
                Arguments.of("chapter3-alerts", (Chapter) AlertsExample::run, "SSP_BOOTSTRAP_SERVERS"),
                Arguments.of("event-archive", (Chapter) EventArchiveExample::run, "SSP_BOOTSTRAP_SERVERS or KAFKA_BROKER"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kafkaChapters")
    void aChapterNamesTheBootstrapServersAndTheSettingThatGivesThem(String name, Chapter chapter, String envVar)
            throws IOException {
        int port = closedPort();
        long start = System.nanoTime();
        assertThatThrownBy(() -> chapter.run(new String[] {"--bootstrap-servers", "127.0.0.1:" + port}))
                .isInstanceOf(CannotConnectException.class)
                .hasMessage("cannot reach the Kafka cluster at 127.0.0.1:" + port + ": 127.0.0.1:" + port
                        + " (Connection refused); it is set by --bootstrap-servers or " + envVar);
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(5);
    }

    @Test
    void eventArchiveNamesPostgresBeforeStartingAnything() throws IOException {
        int port = closedPort();
        assertThatThrownBy(() -> EventArchiveExample.run(
                new String[] {"--postgres-host", "127.0.0.1", "--postgres-port", String.valueOf(port)}))
                .isInstanceOf(CannotConnectException.class)
                .hasMessageStartingWith("cannot connect to postgresql jdbc:postgresql://127.0.0.1:" + port + "/postgres as postgres: ")
                .hasMessageEndingWith("; it is set by --postgres-host or SSP_POSTGRES_HOST or POSTGRES_HOST (and the other --postgres-* settings)");
    }

    @Test
    void eventArchiveNamesRedisBeforeStartingAnything() throws IOException {
        int port = closedPort();
        assertThatThrownBy(() -> EventArchiveExample.run(
                new String[] {"--redis-host", "127.0.0.1", "--redis-port", String.valueOf(port)}))
                .isInstanceOf(CannotConnectException.class)
                .hasMessage("cannot connect to redis 127.0.0.1:" + port + ": Failed to connect to 127.0.0.1:" + port
                        + "; it is set by --redis-host or SSP_REDIS_HOST or REDIS_HOST (and the other --redis-* settings)");
    }
}
