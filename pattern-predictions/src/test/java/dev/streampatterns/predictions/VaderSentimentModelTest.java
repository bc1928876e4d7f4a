package dev.streampatterns.predictions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streampatterns.generators.LabelledSentences;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The in-process model: the five classes on texts whose sentiment is plain, its bands, and threads. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class VaderSentimentModelTest {
    private final SentimentModel model = VaderSentimentModel.get();

    @Test
    void plainTextsGetTheirClassAndAScoreInItsBand() {
        assertThat(model.predict("This movie is wonderful, I loved every minute of it!").sentiment())
                .isEqualTo(Sentiment.VERY_POSITIVE);
        assertThat(model.predict("The acting was good.").sentiment()).isEqualTo(Sentiment.POSITIVE);
        assertThat(model.predict("The film is two hours long.").sentiment()).isEqualTo(Sentiment.NEUTRAL);
        assertThat(model.predict("The ending was bad.").sentiment()).isEqualTo(Sentiment.NEGATIVE);
        assertThat(model.predict("A horrible, boring, awful waste of time. I hated it.").sentiment())
                .isEqualTo(Sentiment.VERY_NEGATIVE);
        // Negation turns a word's valence around.
        assertThat(model.predict("The acting was not good.").sentiment().isNegative()).isTrue();
        assertThat(model.predict("The film is two hours long.").score()).isZero();
    }

    @Test
    void theClassIsTheBandOfTheScore() {
        assertThat(Sentiment.ofScore(-1)).isEqualTo(Sentiment.VERY_NEGATIVE);
        assertThat(Sentiment.ofScore(-0.6)).isEqualTo(Sentiment.VERY_NEGATIVE);
        assertThat(Sentiment.ofScore(-0.5999)).isEqualTo(Sentiment.NEGATIVE);
        assertThat(Sentiment.ofScore(-0.05)).isEqualTo(Sentiment.NEGATIVE);
        assertThat(Sentiment.ofScore(-0.0499)).isEqualTo(Sentiment.NEUTRAL);
        assertThat(Sentiment.ofScore(0.0499)).isEqualTo(Sentiment.NEUTRAL);
        assertThat(Sentiment.ofScore(0.05)).isEqualTo(Sentiment.POSITIVE);
        assertThat(Sentiment.ofScore(0.5999)).isEqualTo(Sentiment.POSITIVE);
        assertThat(Sentiment.ofScore(0.6)).isEqualTo(Sentiment.VERY_POSITIVE);
        assertThat(Sentiment.ofScore(1)).isEqualTo(Sentiment.VERY_POSITIVE);
        assertThatThrownBy(() -> Sentiment.ofScore(1.01)).hasMessage("a sentiment score from -1 to 1: 1.01");
        assertThatThrownBy(() -> new Prediction(Sentiment.POSITIVE, -0.3))
                .hasMessage("score -0.3 is in the band of Negative, not Positive");
        assertThat(Sentiment.ofLabel("Very Positive")).isEqualTo(Sentiment.VERY_POSITIVE);
        assertThatThrownBy(() -> Sentiment.ofLabel("Great")).hasMessage("no sentiment 'Great'; the labels are "
                + "[Very Negative, Negative, Neutral, Positive, Very Positive]");
    }

    @Test
    void manyThreadsAtOnceGetWhatOneThreadGets() throws Exception {
        List<String> texts = LabelledSentences.all().stream().map(LabelledSentences.Sentence::text).toList();
        List<Prediction> alone = model.predictAll(texts);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<Prediction>>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                Callable<List<Prediction>> all = () -> model.predictAll(texts);
                results.add(threads.submit(all));
            }
            for (Future<List<Prediction>> result : results) {
                assertThat(result.get(1, TimeUnit.MINUTES)).isEqualTo(alone);
            }
        } finally {
            threads.shutdownNow();
        }
        for (int i = 0; i < texts.size(); i += 97) {
            assertThat(model.predict(texts.get(i))).as(texts.get(i)).isEqualTo(alone.get(i));
        }
    }
}
