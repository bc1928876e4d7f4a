package dev.streampatterns.generators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampatterns.generators.ReviewsDataset.Review;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The reviews and the labelled sentences they come from: a class-path resource, reproduced from the seed. */
class ReviewsDatasetTest {

    @Test
    void theLabelledSentencesAreAThousandPerSourceHalfPositive() {
        assertThat(LabelledSentences.all()).hasSize(3_000);
        for (String source : LabelledSentences.SOURCES) {
            List<LabelledSentences.Sentence> sentences = LabelledSentences.of(source);
            assertThat(sentences).hasSize(1_000);
            assertThat(sentences).filteredOn(LabelledSentences.Sentence::positive).hasSize(500);
            assertThat(sentences).allSatisfy(sentence -> assertThat(sentence.text()).isNotBlank().doesNotContain("\t"));
        }
        assertThat(LabelledSentences.of("imdb").get(0).text())
                .isEqualTo("A very, very, very slow-moving, aimless movie about a distressed, drifting young man.");
    }

    @Test
    void reviewsAreImdbLinesKeyedByDistinctIdsAndReproducedFromTheSeed() {
        ReviewsDataset dataset = new ReviewsDataset();
        List<Review> reviews = dataset.reviews(3, 2_000);
        List<ProducerRecordData> records = dataset.records(3, 2_000);
        Set<String> imdb = new HashSet<>();
        LabelledSentences.of("imdb").forEach(sentence -> imdb.add(sentence.text()));
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < records.size(); i++) {
            assertThat(new String(records.get(i).key(), StandardCharsets.UTF_8)).isEqualTo(reviews.get(i).id());
            assertThat(new String(records.get(i).value(), StandardCharsets.UTF_8)).isEqualTo(reviews.get(i).text())
                    .isIn(imdb);
            assertThat(UUID.fromString(reviews.get(i).id()).toString()).isEqualTo(reviews.get(i).id());
            ids.add(reviews.get(i).id());
        }
        assertThat(ids).hasSize(2_000);
        assertThat(dataset.reviews(3, 10)).isEqualTo(reviews.subList(0, 10));
        assertThat(dataset.reviews(4, 10)).isNotEqualTo(reviews.subList(0, 10));
    }

    @Test
    void aMalformedReviewIsABlankLine() {
        Random random = new Random(1);
        for (int i = 0; i < 20; i++) {
            assertThat(new String(new ReviewsDataset().malformedValue(random, i), StandardCharsets.UTF_8)).isBlank();
        }
    }
}
