package dev.streampatterns.predictions;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A model's accuracy on texts with a binary human label (positive or negative), beside the majority
 * class baseline: the labelled data obtainable for this project has no five-class labels (SPEC section
 * 10), so the five classes are collapsed — Positive and Very Positive count as positive, Negative and
 * Very Negative as negative — and no five-class accuracy is claimed.
 *
 * <p>Neutral is neither: {@link Result#accuracy} counts it as a miss (the strict figure), and
 * {@link Result#decidedAccuracy} is the accuracy on the texts the model did not call Neutral, beside
 * {@link Result#coverage}, the share of those texts.
 */
public final class SentimentAccuracy {

    /** A text and its human label. */
    public record LabelledText(String text, boolean positive) {
    }

    /**
     * One measurement.
     *
     * @param texts            texts measured
     * @param majorityBaseline the accuracy of always answering the more frequent label
     * @param accuracy         texts whose collapsed class is their label, over all texts (Neutral a miss)
     * @param decidedAccuracy  the same over the texts not called Neutral
     * @param coverage         the share of texts not called Neutral
     * @param classes          how many texts fell in each class
     */
    public record Result(int texts, double majorityBaseline, double accuracy, double decidedAccuracy, double coverage,
                         Map<Sentiment, Integer> classes) {
        /** One markdown table row: name, texts, baseline, accuracy, decided accuracy, coverage, the five counts. */
        public String markdownRow(String name) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s | %,d | %.3f | %.3f | %.3f | %.3f |",
                    name, texts, majorityBaseline, accuracy, decidedAccuracy, coverage));
            for (Sentiment sentiment : Sentiment.values()) {
                row.append(String.format(Locale.ROOT, " %,d |", classes.getOrDefault(sentiment, 0)));
            }
            return row.toString();
        }

        /** The header of {@link #markdownRow}'s table. */
        public static String markdownHeader() {
            StringBuilder header = new StringBuilder("| set | texts | majority baseline | accuracy (Neutral a miss) "
                    + "| accuracy where not Neutral | not Neutral |");
            StringBuilder rule = new StringBuilder("|---|---:|---:|---:|---:|---:|");
            for (Sentiment sentiment : Sentiment.values()) {
                header.append(' ').append(sentiment.label()).append(" |");
                rule.append("---:|");
            }
            return header + "\n" + rule;
        }
    }

    private SentimentAccuracy() {
    }

    /** Measures {@code model} on {@code texts}, predicting them in one {@link SentimentModel#predictAll} call. */
    public static Result measure(SentimentModel model, List<LabelledText> texts) {
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("no texts to measure on");
        }
        List<String> inputs = new ArrayList<>(texts.size());
        texts.forEach(text -> inputs.add(text.text()));
        List<Prediction> predictions = model.predictAll(inputs);
        int positives = 0;
        int right = 0;
        int decided = 0;
        int decidedRight = 0;
        Map<Sentiment, Integer> classes = new EnumMap<>(Sentiment.class);
        for (int i = 0; i < texts.size(); i++) {
            boolean positive = texts.get(i).positive();
            Sentiment sentiment = predictions.get(i).sentiment();
            classes.merge(sentiment, 1, Integer::sum);
            positives += positive ? 1 : 0;
            boolean hit = positive ? sentiment.isPositive() : sentiment.isNegative();
            right += hit ? 1 : 0;
            if (sentiment != Sentiment.NEUTRAL) {
                decided++;
                decidedRight += hit ? 1 : 0;
            }
        }
        int n = texts.size();
        return new Result(n, Math.max(positives, n - positives) / (double) n, right / (double) n,
                decided == 0 ? 0 : decidedRight / (double) decided, decided / (double) n, classes);
    }
}
