package dev.streampatterns.predictions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streampatterns.generators.LabelledSentences;
import dev.streampatterns.predictions.server.ModelServer;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The stream's client of the model server: chunks, one pooled client per JVM, timeouts, bounded retries. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ModelServerClientTest {

    @Test
    void textsArePostedInChunksAndGetTheInProcessModelsPredictions() {
        List<String> texts = LabelledSentences.of("amazon").subList(0, 250).stream().map(LabelledSentences.Sentence::text).toList();
        try (ModelServer server = ModelServer.start(VaderSentimentModel.get(), 0)) {
            ModelServerSettings settings = ModelServerSettings.of(server.address()).withChunkSize(100);
            ModelServerClient client = ModelServerClient.shared(settings);

            assertThat(client.predictAll(texts)).isEqualTo(VaderSentimentModel.get().predictAll(texts));
            assertThat(server.predicted()).isEqualTo(250);
            assertThat(server.calls()).as("250 texts in chunks of 100").isEqualTo(3);
            assertThat(client.predict(texts.get(0))).isEqualTo(VaderSentimentModel.get().predict(texts.get(0)));
            assertThat(ModelServerClient.shared(ModelServerSettings.of(server.address()).withChunkSize(100)))
                    .as("one client per settings in a JVM").isSameAs(client);
        }
    }

    @Test
    void aServerThatStaysDownFailsAfterTheBoundedAttemptsNamingTheServer() throws Exception {
        URI nobody = URI.create("http://127.0.0.1:" + freePort());
        ModelServerSettings settings = ModelServerSettings.of(nobody).withRetries(3, Duration.ofMillis(50))
                .withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(1));
        long start = System.nanoTime();

        assertThatThrownBy(() -> ModelServerClient.shared(settings).predictAll(List.of("good", "bad")))
                .isInstanceOf(ModelServerException.class)
                .hasMessageStartingWith("the model server at " + nobody + " did not answer /sentiment/batch after 3 "
                        + "attempt(s) (connect timeout 500 ms, read timeout 1000 ms): ConnectException");
        // backoffs of 50 and 100 ms; connection refusals are immediate on loopback
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(150), Duration.ofSeconds(10));
    }

    @Test
    void aRequestTheServerRefusesIsNotRetried() {
        try (ModelServer server = ModelServer.start(VaderSentimentModel.get(), 0)) {
            ModelServerSettings settings = ModelServerSettings.of(server.address()).withRetries(5, Duration.ofSeconds(30));

            assertThatThrownBy(() -> ModelServerClient.shared(settings).predict(" "))
                    .isInstanceOf(ModelServerException.class)
                    .hasMessage("the model server at " + server.address() + " refused /sentiment with HTTP 400: "
                            + "{\"error\":\"the text is empty\"}");
            assertThat(server.calls()).isEqualTo(1);
        }
    }

    @Test
    void settingsOutsideTheirRangeAreRefused() {
        URI url = URI.create("http://127.0.0.1:8001");
        assertThatThrownBy(() -> ModelServerSettings.of(url).withChunkSize(0)).hasMessage("a chunk of 1 to 1000 texts: 0");
        assertThatThrownBy(() -> ModelServerSettings.of(url).withChunkSize(1001)).hasMessage("a chunk of 1 to 1000 texts: 1001");
        assertThatThrownBy(() -> ModelServerSettings.of(url).withRetries(0, Duration.ZERO)).hasMessage("at least 1 attempt: 0");
        assertThatThrownBy(() -> ModelServerSettings.of(URI.create("ftp://host/"))).hasMessage(
                "a model server URL is http://HOST:PORT: ftp://host/");
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
