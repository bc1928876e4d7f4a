package dev.streampatterns.predictions.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streampatterns.core.http.LoopbackHttpServer;
import dev.streampatterns.predictions.SentimentModel;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The model server of SPEC sections 7 and 10: a {@link SentimentModel} over HTTP on 127.0.0.1.
 *
 * <ul>
 *   <li>{@code POST /sentiment}: one text, as the body ({@code text/plain}) or as {@code {"text":"..."}}
 *       ({@code application/json}); answers {@code {"label":"Positive","score":0.4404}}.</li>
 *   <li>{@code POST /sentiment/batch}: a JSON array of texts, at most {@value #MAX_BATCH}; answers a JSON
 *       array of predictions in the same order.</li>
 * </ul>
 *
 * <p>Bad input is a 400 with {@code {"error":"..."}} saying what is wrong: an empty body, a body that is
 * not the JSON asked for, not UTF-8, an empty text or one over {@value #MAX_TEXT_CHARS} characters, a
 * batch over {@value #MAX_BATCH} texts; a body over {@value #MAX_BODY_BYTES} bytes is a 413 and is not
 * read. Another path is a 404, another method a 405. A bad request never stops the server.
 *
 * <p>Why Jetty 12's core API ({@link LoopbackHttpServer}): a well-kept embeddable server with a bounded
 * thread pool, already the live page's (its servlet layer is left out: Spark 4 brings an older
 * {@code jakarta.servlet}).
 */
public final class ModelServer implements AutoCloseable {
    public static final int DEFAULT_PORT = 8001;
    /** The longest text the server predicts, in characters. */
    public static final int MAX_TEXT_CHARS = 10_000;
    /** The most texts in one batch. */
    public static final int MAX_BATCH = 1_000;
    /** The largest body read: a full batch of the longest texts, as JSON with escapes, fits. */
    public static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
    private static final int THREADS = 16;

    private final SentimentModel model;
    private LoopbackHttpServer server;
    private final AtomicLong predicted = new AtomicLong();
    private final AtomicLong calls = new AtomicLong();

    private ModelServer(SentimentModel model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    /** Serves {@code model} on 127.0.0.1:{@code port} (0: any free port). */
    public static ModelServer start(SentimentModel model, int port) {
        ModelServer modelServer = new ModelServer(model);
        modelServer.server = LoopbackHttpServer.start("model server", port, THREADS, modelServer.new Routes());
        return modelServer;
    }

    /** The server's address, {@code http://127.0.0.1:<port>}. */
    public URI address() {
        return server.address("");
    }

    /** Requests received since the start, answered or refused. */
    public long calls() {
        return calls.get();
    }

    /** Texts predicted since the start. */
    public long predicted() {
        return predicted.get();
    }

    @Override
    public void close() {
        server.close();
    }

    /** A request the server refuses: its status and the reason, sent as {@code {"error":...}}. */
    private static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;

        BadRequest(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /** Blocking: a request's body is read and predicted on the pool's thread that took it. */
    private final class Routes extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = Request.getPathInContext(request);
            calls.incrementAndGet();
            try {
                if (!path.equals("/sentiment") && !path.equals("/sentiment/batch")) {
                    throw new BadRequest(404, "no such endpoint: " + path + "; POST /sentiment or /sentiment/batch");
                }
                if (!HttpMethod.POST.is(request.getMethod())) {
                    response.getHeaders().put(HttpHeader.ALLOW, "POST");
                    throw new BadRequest(405, path + " takes POST, not " + request.getMethod());
                }
                String body = body(request);
                String answer = path.equals("/sentiment") ? one(request, body) : batch(body);
                LoopbackHttpServer.sendJson(response, callback, 200, answer);
            } catch (BadRequest e) {
                LoopbackHttpServer.sendJson(response, callback, e.status, SentimentJson.error(e.getMessage()));
            } catch (IOException e) {
                LoopbackHttpServer.sendJson(response, callback, 400,
                        SentimentJson.error("the body could not be read: " + e.getMessage()));
            }
            return true;
        }

        private String one(Request request, String body) throws BadRequest {
            String text = body;
            String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
            if (type != null && MimeTypes.getBaseType(type) == MimeTypes.Type.APPLICATION_JSON) {
                JsonNode json = json(body);
                JsonNode field = json.get("text");
                if (!json.isObject() || field == null || !field.isTextual()) {
                    throw new BadRequest(400, "a JSON body is {\"text\": \"...\"}; got " + SentimentJson.abbreviate(body));
                }
                text = field.asText();
            }
            checkText(text, "the text");
            predicted.incrementAndGet();
            return SentimentJson.write(model.predict(text)).toString();
        }

        private String batch(String body) throws BadRequest {
            JsonNode json = json(body);
            if (!json.isArray()) {
                throw new BadRequest(400, "a batch is a JSON array of texts; got " + SentimentJson.abbreviate(body));
            }
            if (json.size() > MAX_BATCH) {
                throw new BadRequest(400, "a batch of " + json.size() + " texts is over the limit of " + MAX_BATCH);
            }
            List<String> texts = new ArrayList<>(json.size());
            for (int i = 0; i < json.size(); i++) {
                if (!json.get(i).isTextual()) {
                    throw new BadRequest(400, "text " + i + " of the batch is not a JSON string: " + json.get(i));
                }
                texts.add(checkText(json.get(i).asText(), "text " + i + " of the batch"));
            }
            predicted.addAndGet(texts.size());
            return SentimentJson.writeAll(model.predictAll(texts));
        }

        private JsonNode json(String body) throws BadRequest {
            try {
                return SentimentJson.parse(body);
            } catch (IllegalArgumentException e) {
                throw new BadRequest(400, e.getMessage());
            }
        }

        private static String checkText(String text, String what) throws BadRequest {
            if (text.isBlank()) {
                throw new BadRequest(400, what + " is empty");
            }
            if (text.length() > MAX_TEXT_CHARS) {
                throw new BadRequest(400, what + " is " + text.length() + " characters long, over the limit of "
                        + MAX_TEXT_CHARS);
            }
            return text;
        }

        /** The body as UTF-8, read up to its limit. */
        private static String body(Request request) throws BadRequest, IOException {
            if (request.getLength() > MAX_BODY_BYTES) {
                throw new BadRequest(413, "a body of " + request.getLength() + " bytes is over the limit of "
                        + MAX_BODY_BYTES);
            }
            byte[] bytes;
            try (InputStream in = Content.Source.asInputStream(request)) {
                bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            }
            if (bytes.length > MAX_BODY_BYTES) {
                throw new BadRequest(413, "a body over the limit of " + MAX_BODY_BYTES + " bytes");
            }
            if (bytes.length == 0) {
                throw new BadRequest(400, "the body is empty");
            }
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                throw new BadRequest(400, "the body is not UTF-8");
            }
        }

    }
}
