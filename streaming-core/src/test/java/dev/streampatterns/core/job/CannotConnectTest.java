package dev.streampatterns.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streampatterns.core.sink.jdbc.JdbcTarget;
import dev.streampatterns.core.sink.redis.RedisEndpoint;
import dev.streampatterns.core.source.KafkaSource;
import dev.streampatterns.servers.KafkaBrokerExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The start-up checks of each kind of server: a clear, bounded failure when it is not there, silence when it is. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CannotConnectTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void kafkaThatIsThereGivesItsClusterId() {
        String id = KafkaSource.clusterId(KAFKA.broker().bootstrapServers(), Map.of(), Duration.ofSeconds(10));
        assertThat(id).isNotBlank();
    }

    @Test
    void kafkaOnAClosedPortFailsAtOnceNamingEveryServer() throws IOException {
        int first = closedPort();
        int second = closedPort();
        String servers = "127.0.0.1:" + first + ",127.0.0.1:" + second;
        long start = System.nanoTime();
        assertThatThrownBy(() -> KafkaSource.clusterId(servers, Map.of(), Duration.ofSeconds(10)))
                .isInstanceOf(CannotConnectException.class)
                .hasMessage("cannot reach the Kafka cluster at " + servers + ": 127.0.0.1:" + first
                        + " (Connection refused), 127.0.0.1:" + second + " (Connection refused)");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void kafkaWithAMalformedAddressSaysWhy() {
        assertThatThrownBy(() -> KafkaSource.clusterId("localhost", Map.of(), Duration.ofSeconds(10)))
                .isInstanceOf(CannotConnectException.class)
                .hasMessage("cannot use the Kafka cluster at localhost: Invalid url in bootstrap.servers: localhost");
    }

    @Test
    void aDatabaseOnAClosedPortNamesItsUrlAndNotItsPassword() throws IOException {
        int port = closedPort();
        JdbcTarget target = JdbcTarget.of("jdbc:postgresql://127.0.0.1:" + port + "/db", "ann", "s3cret");
        assertThatThrownBy(target::checkConnection)
                .isInstanceOf(CannotConnectException.class)
                .hasMessageStartingWith("cannot connect to postgresql jdbc:postgresql://127.0.0.1:" + port + "/db as ann: ")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void redisOnAClosedPortNamesItsAddress() throws IOException {
        int port = closedPort();
        RedisEndpoint redis = RedisEndpoint.of("127.0.0.1", port).withPassword("s3cret");
        assertThatThrownBy(() -> redis.checkConnection(Duration.ofSeconds(2)))
                .isInstanceOf(CannotConnectException.class)
                .hasMessage("cannot connect to redis 127.0.0.1:" + port + ": Failed to connect to 127.0.0.1:" + port + ".");
    }

    @Test
    void theHintContinuesTheSentence() {
        CannotConnectException e = new CannotConnectException("cannot connect to x: refused.", null);
        assertThat(e.setBy("--x or X")).hasMessage("cannot connect to x: refused; it is set by --x or X");
    }
}
