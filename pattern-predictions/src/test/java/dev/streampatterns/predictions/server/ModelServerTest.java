package dev.streampatterns.predictions.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streampatterns.generators.LabelledSentences;
import dev.streampatterns.predictions.Prediction;
import dev.streampatterns.predictions.SentimentModel;
import dev.streampatterns.predictions.VaderSentimentModel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The model server over real HTTP on 127.0.0.1: its answers are the model's, and bad input is a 400. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ModelServerTest {
    private static final SentimentModel MODEL = VaderSentimentModel.get();
    private static ModelServer server;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        server = ModelServer.start(MODEL, 0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void listensOnLoopbackOnly() {
        assertThat(server.address().getHost()).isEqualTo("127.0.0.1");
        assertThat(server.address().getPort()).isPositive();
    }

    @Test
    void oneTextAsPlainTextOrAsJsonGetsTheModelsLabelAndScore() throws Exception {
        String text = "A wonderful, moving film.";
        Prediction expected = MODEL.predict(text);

        HttpResponse<String> plain = post("/sentiment", "text/plain; charset=utf-8", text);
        HttpResponse<String> json = post("/sentiment", "application/json", "{\"text\":\"A wonderful, moving film.\"}");

        for (HttpResponse<String> response : List.of(plain, json)) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
            assertThat(SentimentJson.readOne(response.body())).isEqualTo(expected);
            assertThat(response.body()).isEqualTo("{\"label\":\"" + expected.label() + "\",\"score\":" + expected.score() + "}");
        }
    }

    @Test
    void aBatchGetsOnePredictionPerTextInItsOrder() throws Exception {
        List<String> texts = LabelledSentences.of("yelp").subList(0, 300).stream().map(LabelledSentences.Sentence::text).toList();

        HttpResponse<String> response = post("/sentiment/batch", "application/json", SentimentJson.texts(texts));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(SentimentJson.readAll(response.body(), texts.size())).isEqualTo(MODEL.predictAll(texts));
    }

    @Test
    void badInputGetsA400WithAJsonErrorAndTheServerKeepsServing() throws Exception {
        assertError(post("/sentiment", "text/plain", ""), 400, "the body is empty");
        assertError(post("/sentiment", "text/plain", "   "), 400, "the text is empty");
        assertError(post("/sentiment", "application/json", "{\"text\": "), 400, "not JSON: .*");
        assertError(post("/sentiment", "application/json", "{\"review\": \"good\"}"), 400,
                "a JSON body is \\{\"text\": \"...\"\\}; got \\{\"review\": \"good\"\\}");
        assertError(post("/sentiment", "text/plain", "x".repeat(ModelServer.MAX_TEXT_CHARS + 1)), 400,
                "the text is 10001 characters long, over the limit of 10000");
        assertError(post("/sentiment/batch", "application/json", "not json"), 400, "not JSON: .*");
        assertError(post("/sentiment/batch", "application/json", "{\"text\":\"good\"}"), 400,
                "a batch is a JSON array of texts; got .*");
        assertError(post("/sentiment/batch", "application/json", "[\"good\", 7]"), 400,
                "text 1 of the batch is not a JSON string: 7");
        assertError(post("/sentiment/batch", "application/json", "[\"good\", \"\"]"), 400, "text 1 of the batch is empty");
        assertError(post("/sentiment/batch", "application/json", SentimentJson.texts(java.util.Collections.nCopies(
                ModelServer.MAX_BATCH + 1, "good"))), 400, "a batch of 1001 texts is over the limit of 1000");
        HttpResponse<String> notUtf8 = HTTP.send(HttpRequest.newBuilder(server.address().resolve("/sentiment"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {(byte) 0xC3, 0x28}))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertError(notUtf8, 400, "the body is not UTF-8");
        assertError(post("/predict", "text/plain", "good"), 404, "no such endpoint: /predict; POST /sentiment or /sentiment/batch");
        assertError(HTTP.send(HttpRequest.newBuilder(server.address().resolve("/sentiment")).GET().build(),
                HttpResponse.BodyHandlers.ofString()), 405, "/sentiment takes POST, not GET");

        HttpResponse<String> after = post("/sentiment", "text/plain", "good");
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(SentimentJson.readOne(after.body())).isEqualTo(MODEL.predict("good"));
    }

    @Test
    void manyClientsAtOnceEachGetTheirOwnTextsPredictions() throws Exception {
        List<LabelledSentences.Sentence> sentences = LabelledSentences.all();
        ExecutorService clients = Executors.newFixedThreadPool(12);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int c = 0; c < 12; c++) {
                int client = c;
                Callable<Boolean> calls = () -> {
                    for (int call = 0; call < 20; call++) {
                        int from = (client * 20 + call) * 10 % (sentences.size() - 10);
                        List<String> texts = sentences.subList(from, from + 10).stream()
                                .map(LabelledSentences.Sentence::text).toList();
                        HttpResponse<String> response = post("/sentiment/batch", "application/json", SentimentJson.texts(texts));
                        assertThat(response.statusCode()).isEqualTo(200);
                        assertThat(SentimentJson.readAll(response.body(), 10)).isEqualTo(MODEL.predictAll(texts));
                        String one = texts.get(call % 10);
                        assertThat(SentimentJson.readOne(post("/sentiment", "text/plain", one).body()))
                                .isEqualTo(MODEL.predict(one));
                    }
                    return true;
                };
                results.add(clients.submit(calls));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get(1, TimeUnit.MINUTES)).isTrue();
            }
        } finally {
            clients.shutdownNow();
        }
    }

    private static HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.address() + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertError(HttpResponse<String> response, int status, String messagePattern) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        JsonNode error = SentimentJson.parse(response.body());
        assertThat(error.get("error").asText()).matches(messagePattern);
    }
}
