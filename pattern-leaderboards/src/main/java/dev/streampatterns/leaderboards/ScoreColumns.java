package dev.streampatterns.leaderboards;

import dev.streampatterns.core.decode.FieldLimit;
import dev.streampatterns.core.decode.TextDecoder;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The game score of SPEC section 5 as it arrives: the Kafka key is the player, the value the score as
 * text ({@code "7"}).
 */
public final class ScoreColumns {
    public static final String PLAYER = "player";
    public static final String SCORE = "score";

    /** What the decoder reads from the value. */
    public static final StructType VALUE = new StructType().add(SCORE, DataTypes.IntegerType);

    /** The scores a game gives (SPEC section 5: 1-10); any other is a dead letter. */
    public static final int MIN_SCORE = 1;
    public static final int MAX_SCORE = 10;
    /** The longest player name a board takes; a longer key is a dead letter. */
    public static final int MAX_PLAYER_LENGTH = 64;

    private ScoreColumns() {
    }

    /**
     * The scores' decoder: rows {@code score int, player string}; a record without a player key, with a
     * longer one than {@value #MAX_PLAYER_LENGTH} characters, or whose value is not a whole number from
     * {@value #MIN_SCORE} to {@value #MAX_SCORE}, is a dead letter with its reason.
     */
    public static TextDecoder decoder() {
        return TextDecoder.csv(VALUE).withRequiredFields(SCORE)
                .withLimits(FieldLimit.between(SCORE, MIN_SCORE, MAX_SCORE))
                .withKeyField(PLAYER, MAX_PLAYER_LENGTH);
    }
}
