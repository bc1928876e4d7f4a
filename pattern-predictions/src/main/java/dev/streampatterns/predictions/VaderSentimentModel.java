package dev.streampatterns.predictions;

import com.vader.sentiment.analyzer.SentimentAnalyzer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * The default model: VADER (Hutto and Gilbert, ICWSM 2014), a lexicon of about 7,500 rated words with
 * rules for negation, intensifiers, "but", capitals and punctuation, through its Java port
 * ({@code com.github.apanimesh061:vader-sentiment-analyzer}, MIT). The lexicon is inside the port's jar:
 * nothing is downloaded or trained at run time, and one instance serves every thread (the port's
 * analyzer holds one text's state, so each prediction makes its own; the lexicon is loaded once per JVM).
 *
 * <p>The score is VADER's normalised "compound" score from -1 to +1; the class is its band
 * ({@link Sentiment#ofScore}). Accuracy on labelled review sentences: the module README.
 */
public final class VaderSentimentModel implements SentimentModel {
    private static final VaderSentimentModel INSTANCE = new VaderSentimentModel();

    private VaderSentimentModel() {
    }

    /** The model; one per JVM is all a JVM needs. */
    public static VaderSentimentModel get() {
        return INSTANCE;
    }

    @Override
    public Prediction predict(String text) {
        Objects.requireNonNull(text, "text");
        try {
            SentimentAnalyzer analyzer = new SentimentAnalyzer(text);
            analyzer.analyze();
            // The port rounds the compound score to 4 decimals as a float: its decimal text is the score
            // (a widening cast would give 0.44040000438690186 for 0.4404).
            return Prediction.ofScore(Double.parseDouble(Float.toString(analyzer.getPolarity().get("compound"))));
        } catch (IOException e) {
            // The port tokenises a String through a Reader; nothing here does I/O that can fail.
            throw new UncheckedIOException("VADER could not read the text", e);
        }
    }

    @Override
    public String describe() {
        return "VADER (in-process)";
    }
}
