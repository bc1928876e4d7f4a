package dev.streampatterns.generators;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * The movie reviews of SPEC section 7 (course chapter 5): topic {@value #DEFAULT_TOPIC}, key = the
 * review's id, value = one review line. The lines are the IMDB sentences of {@link LabelledSentences},
 * a class-path resource.
 *
 * <p>Each review's line is picked uniformly from the seeded random, and its id is a UUID drawn from the
 * same random: a seed fixes every record, and ids do not repeat within a run (128 random bits). A
 * malformed record is a blank line or an empty value, sent without a key.
 */
public final class ReviewsDataset implements RecordFactory {
    public static final String NAME = "reviews";
    /** The input topic of SPEC section 7. */
    public static final String DEFAULT_TOPIC = "streaming.sentiment.input";

    /** One review as the generator sends it. */
    public record Review(String id, String text) {
    }

    private final List<LabelledSentences.Sentence> lines = LabelledSentences.of("imdb");

    /** The reviews a {@link Generator} run with this seed sends, in order, whatever its malformed fraction. */
    public List<Review> reviews(long seed, int count) {
        return RecordFactory.drawn(seed, count, (random, index) -> nextReview(random));
    }

    private Review nextReview(Random random) {
        String text = lines.get(random.nextInt(lines.size())).text();
        UUID id = new UUID(random.nextLong(), random.nextLong());
        return new Review(id.toString(), text);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProducerRecordData next(Random random, long index) {
        Review review = nextReview(random);
        return ProducerRecordData.of(review.id().getBytes(StandardCharsets.UTF_8),
                review.text().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public byte[] malformedValue(Random random, long index) {
        return (random.nextBoolean() ? "   " : "").getBytes(StandardCharsets.UTF_8);
    }
}
