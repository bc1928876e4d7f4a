package dev.streampatterns.predictions;

import java.util.ArrayList;
import java.util.List;

/**
 * A sentiment model: text in, one of the five {@link Sentiment} classes and a graded score out.
 * Implementations are safe to call from many threads at once, as Spark's tasks in one executor do.
 */
public interface SentimentModel {

    /** The prediction for one text. */
    Prediction predict(String text);

    /**
     * The predictions for {@code texts}, in their order. A remote model answers a list in one call; the
     * in-process one predicts each text.
     */
    default List<Prediction> predictAll(List<String> texts) {
        List<Prediction> predictions = new ArrayList<>(texts.size());
        texts.forEach(text -> predictions.add(predict(text)));
        return predictions;
    }

    /** What the model is, for logs and errors: e.g. {@code VADER (in-process)}. */
    String describe();
}
