package dev.streampatterns.predictions;

import java.util.Arrays;
import java.util.Locale;

/**
 * The five classes of the course's model (SPEC section 7), each a band of a graded score from -1 (most
 * negative) to +1 (most positive).
 *
 * <p>The bands: Very Negative {@code score <= -0.6}, Negative {@code <= -0.05}, Neutral between,
 * Positive {@code >= 0.05}, Very Positive {@code >= 0.6}. The ±0.05 edges of Neutral are VADER's own
 * (its authors' recommended thresholds); the ±0.6 edges of "very" are this project's choice, as the
 * labelled data obtainable here is binary and cannot calibrate them (see the module README).
 */
public enum Sentiment {
    VERY_NEGATIVE("Very Negative"),
    NEGATIVE("Negative"),
    NEUTRAL("Neutral"),
    POSITIVE("Positive"),
    VERY_POSITIVE("Very Positive");

    /** Scores at or beyond ± this are neither neutral nor only positive or negative, but "very". */
    public static final double VERY = 0.6;
    /** Scores strictly within ± this are neutral. */
    public static final double NEUTRAL_BELOW = 0.05;

    private final String label;

    Sentiment(String label) {
        this.label = label;
    }

    /** The label as the model server and the output topic write it, e.g. {@code Very Positive}. */
    public String label() {
        return label;
    }

    /** The class of a graded score from -1 to +1. */
    public static Sentiment ofScore(double score) {
        if (Double.isNaN(score) || score < -1 || score > 1) {
            throw new IllegalArgumentException("a sentiment score from -1 to 1: " + score);
        }
        if (score <= -VERY) {
            return VERY_NEGATIVE;
        } else if (score <= -NEUTRAL_BELOW) {
            return NEGATIVE;
        } else if (score < NEUTRAL_BELOW) {
            return NEUTRAL;
        } else if (score < VERY) {
            return POSITIVE;
        }
        return VERY_POSITIVE;
    }

    /** The class of a label as {@link #label()} writes it. */
    public static Sentiment ofLabel(String label) {
        return Arrays.stream(values()).filter(value -> value.label.equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(String.format(Locale.ROOT,
                        "no sentiment '%s'; the labels are %s", label, Arrays.stream(values()).map(Sentiment::label).toList())));
    }

    /** Positive or very positive. */
    public boolean isPositive() {
        return this == POSITIVE || this == VERY_POSITIVE;
    }

    /** Negative or very negative. */
    public boolean isNegative() {
        return this == NEGATIVE || this == VERY_NEGATIVE;
    }
}
