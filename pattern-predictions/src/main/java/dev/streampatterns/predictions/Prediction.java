package dev.streampatterns.predictions;

import java.util.Objects;

/**
 * What a model says of one text.
 *
 * @param sentiment the class, a band of {@code score}
 * @param score     the graded score, from -1 (most negative) to +1 (most positive)
 */
public record Prediction(Sentiment sentiment, double score) implements java.io.Serializable {
    public Prediction {
        Objects.requireNonNull(sentiment, "sentiment");
        if (Sentiment.ofScore(score) != sentiment) {
            throw new IllegalArgumentException("score " + score + " is in the band of " + Sentiment.ofScore(score).label()
                    + ", not " + sentiment.label());
        }
    }

    /** The prediction of a score: its class is the score's band. */
    public static Prediction ofScore(double score) {
        return new Prediction(Sentiment.ofScore(score), score);
    }

    public String label() {
        return sentiment.label();
    }
}
