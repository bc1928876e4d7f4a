package dev.streampatterns.predictions.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streampatterns.predictions.Prediction;
import dev.streampatterns.predictions.Sentiment;
import java.util.ArrayList;
import java.util.List;

/**
 * The model server's JSON, read and written the same way by the server and its client: a prediction
 * is {@code {"label":"Positive","score":0.4404}}, a batch's answer an array of them in the order of its
 * texts, an error {@code {"error":"..."}}.
 */
public final class SentimentJson {
    static final ObjectMapper JSON = new ObjectMapper();

    private SentimentJson() {
    }

    /** One prediction as JSON. */
    public static ObjectNode write(Prediction prediction) {
        return JSON.createObjectNode().put("label", prediction.label()).put("score", prediction.score());
    }

    /** Predictions as a JSON array, in their order. */
    public static String writeAll(List<Prediction> predictions) {
        ArrayNode array = JSON.createArrayNode();
        predictions.forEach(prediction -> array.add(write(prediction)));
        return array.toString();
    }

    /** Texts as the batch endpoint takes them: a JSON array of strings. */
    public static String texts(List<String> texts) {
        ArrayNode array = JSON.createArrayNode();
        texts.forEach(array::add);
        return array.toString();
    }

    /** An error's body. */
    public static String error(String message) {
        return JSON.createObjectNode().put("error", message).toString();
    }

    /** A prediction from its JSON; a label that disagrees with its score's band is refused. */
    public static Prediction read(JsonNode node) {
        JsonNode label = node.get("label");
        JsonNode score = node.get("score");
        if (label == null || !label.isTextual() || score == null || !score.isNumber()) {
            throw new IllegalArgumentException("not a prediction: " + node);
        }
        return new Prediction(Sentiment.ofLabel(label.asText()), score.asDouble());
    }

    /** The prediction of the single-text endpoint's answer. */
    public static Prediction readOne(String body) {
        return read(parse(body));
    }

    /** Predictions from the batch endpoint's answer; exactly {@code expected} of them, or an error. */
    public static List<Prediction> readAll(String body, int expected) {
        JsonNode array = parse(body);
        if (!array.isArray() || array.size() != expected) {
            throw new IllegalArgumentException("expected a JSON array of " + expected + " predictions, got: "
                    + abbreviate(body));
        }
        List<Prediction> predictions = new ArrayList<>(expected);
        array.forEach(node -> predictions.add(read(node)));
        return predictions;
    }

    /** JSON text as a tree; what is not JSON is an {@link IllegalArgumentException} saying where. */
    static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            // Jackson's own text can name its internal source; the position is said once, below.
            String reason = e.getOriginalMessage().replaceAll("\\s*\\(start marker at .*", "");
            throw new IllegalArgumentException("not JSON: " + reason + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        }
    }

    static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
