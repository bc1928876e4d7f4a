package dev.streampatterns.predictions;

import dev.streampatterns.predictions.server.SentimentJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SentimentModel} answered by a {@link dev.streampatterns.predictions.server.ModelServer}:
 * {@link #predictAll} posts its texts in chunks of {@link ModelServerSettings#chunkSize()} to
 * {@code /sentiment/batch}, {@link #predict} one text to {@code /sentiment}.
 *
 * <p>One client per server and settings per JVM ({@link #shared}): the JDK's {@link HttpClient} keeps its
 * connections open and reuses them across calls and threads, so an executor's tasks share one pool rather
 * than open a connection per record (the course's defect). Each call has a connect and a read timeout; a
 * call that fails to connect, times out or gets a 5xx is retried, {@code attempts} times in all, after
 * a backoff that doubles. When every attempt fails, {@link ModelServerException} names the server; a 4xx
 * (a request the server refuses) is not retried.
 */
public final class ModelServerClient implements SentimentModel {
    private static final Logger LOG = LoggerFactory.getLogger(ModelServerClient.class);
    private static final Map<ModelServerSettings, ModelServerClient> SHARED = new ConcurrentHashMap<>();

    private final ModelServerSettings settings;
    private final HttpClient http;
    private final URI one;
    private final URI batch;

    private ModelServerClient(ModelServerSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout()).build();
        String base = settings.url().toString().replaceAll("/+$", "");
        this.one = URI.create(base + "/sentiment");
        this.batch = URI.create(base + "/sentiment/batch");
    }

    /** This JVM's client for {@code settings}, made on first use. */
    public static ModelServerClient shared(ModelServerSettings settings) {
        return SHARED.computeIfAbsent(settings, ModelServerClient::new);
    }

    @Override
    public Prediction predict(String text) {
        HttpRequest request = HttpRequest.newBuilder(one).timeout(settings.readTimeout())
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8)).build();
        return call(request, SentimentJson::readOne);
    }

    @Override
    public List<Prediction> predictAll(List<String> texts) {
        List<Prediction> predictions = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += settings.chunkSize()) {
            List<String> chunk = texts.subList(from, Math.min(texts.size(), from + settings.chunkSize()));
            HttpRequest request = HttpRequest.newBuilder(batch).timeout(settings.readTimeout())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(SentimentJson.texts(chunk), StandardCharsets.UTF_8)).build();
            predictions.addAll(call(request, body -> SentimentJson.readAll(body, chunk.size())));
        }
        return predictions;
    }

    @Override
    public String describe() {
        return "the model server at " + settings.url();
    }

    /** One call, retried as the class comment says; {@code read} turns a 200's body into the answer. */
    private <T> T call(HttpRequest request, Function<String, T> read) {
        Duration wait = settings.backoff();
        String lastFailure = null;
        Exception lastCause = null;
        for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int status = response.statusCode();
                if (status == 200) {
                    return read.apply(response.body());
                }
                lastFailure = "HTTP " + status + ": " + response.body();
                if (status < 500) {
                    throw new ModelServerException(describe() + " refused " + request.uri().getPath() + " with "
                            + lastFailure, null);
                }
            } catch (IOException e) {
                lastCause = e;
                lastFailure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ModelServerException(describe() + ": interrupted while waiting for its answer", e);
            }
            if (attempt < settings.attempts()) {
                LOG.warn("{}: attempt {} of {} failed ({}); retrying in {} ms", describe(), attempt, settings.attempts(),
                        lastFailure, wait.toMillis());
                pause(wait);
                wait = wait.multipliedBy(2);
            }
        }
        throw new ModelServerException(String.format(Locale.ROOT, "%s did not answer %s after %d attempt(s) "
                        + "(connect timeout %d ms, read timeout %d ms): %s", describe(), request.uri().getPath(),
                settings.attempts(), settings.connectTimeout().toMillis(), settings.readTimeout().toMillis(), lastFailure),
                lastCause);
    }

    /** The backoff between two attempts of a call (not a synchronisation: the server's state is unknown). */
    private static void pause(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelServerException("interrupted between two attempts to reach the model server", e);
        }
    }
}
