package dev.streampatterns.generators;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * The game scores of SPEC section 5 (course chapter 4): topic {@value #DEFAULT_TOPIC}, key = the
 * player's name, value = the score as text, {@code 1} to {@value #MAX_SCORE}; no Kafka timestamp. A
 * running board has no windows, so the scores carry no event time of their own.
 *
 * <p>Players {@link #PLAYERS} and scores are picked uniformly from the seeded random, so a seed fixes
 * every record. Malformed values are a score written as a word or an empty value.
 */
public final class GameScoresDataset implements RecordFactory {
    public static final String NAME = "game-scores";
    /** The input topic of SPEC section 5. */
    public static final String DEFAULT_TOPIC = "streaming.leaderboards.input";
    /** The course's players and some more. */
    public static final List<String> PLAYERS = List.of("Bob", "Mike", "Kathy", "Sam", "Alice", "Ravi", "Chen", "Olga");
    public static final int MAX_SCORE = 10;

    /** One score as the generator sends it. */
    public record Score(String player, int score) {
    }

    /** The scores a {@link Generator} run with this seed sends, in order, whatever its malformed fraction. */
    public List<Score> scores(long seed, int count) {
        return RecordFactory.drawn(seed, count, (random, index) -> nextScore(random));
    }

    private static Score nextScore(Random random) {
        return new Score(PLAYERS.get(random.nextInt(PLAYERS.size())), 1 + random.nextInt(MAX_SCORE));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProducerRecordData next(Random random, long index) {
        Score score = nextScore(random);
        return ProducerRecordData.of(score.player().getBytes(StandardCharsets.UTF_8),
                Integer.toString(score.score()).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public byte[] malformedValue(Random random, long index) {
        return (random.nextBoolean() ? "seven" : "").getBytes(StandardCharsets.UTF_8);
    }
}
