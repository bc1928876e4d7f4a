package dev.streampatterns.examples.predictions;

import dev.streampatterns.core.config.Settings;
import dev.streampatterns.generators.LabelledSentences;
import dev.streampatterns.predictions.SentimentAccuracy;
import dev.streampatterns.predictions.SentimentAccuracy.LabelledText;
import dev.streampatterns.predictions.SentimentModel;
import dev.streampatterns.predictions.VaderSentimentModel;
import java.util.List;
import java.util.Locale;

/**
 * The default sentiment model's accuracy on the labelled review sentences the project ships, per source
 * and in all, beside the majority baseline: the table of the predictions module's README.
 */
public final class SentimentAccuracyExample {
    static final String NAME = "sentiment-accuracy";
    static final Settings SETTINGS = new Settings("bin/run-example " + NAME,
            "Measures the default sentiment model on the 3,000 labelled review sentences (UCI Sentiment Labelled "
                    + "Sentences, CC BY 4.0) beside the majority baseline, and prints the table as markdown.", List.of());

    private SentimentAccuracyExample() {
    }

    public static void run(String[] args) throws Exception {
        dev.streampatterns.examples.ChapterRun.enter(SETTINGS, args, NAME, config -> VaderSentimentModel.get(),
                SentimentAccuracyExample::measure);
    }

    private static void measure(SentimentModel model) {
        System.out.printf(Locale.ROOT, "Model: %s; labels collapsed to positive/negative (the sets are binary).%n%n",
                model.describe());
        System.out.println(SentimentAccuracy.Result.markdownHeader());
        for (String source : LabelledSentences.SOURCES) {
            System.out.println(SentimentAccuracy.measure(model, labelled(LabelledSentences.of(source))).markdownRow(source));
        }
        System.out.println(SentimentAccuracy.measure(model, labelled(LabelledSentences.all())).markdownRow("all"));
    }

    private static List<LabelledText> labelled(List<LabelledSentences.Sentence> sentences) {
        return sentences.stream().map(sentence -> new LabelledText(sentence.text(), sentence.positive())).toList();
    }
}
