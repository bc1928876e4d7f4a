package dev.streampatterns.leaderboards;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What a board pattern gives for each batch: a member and the amount it adds to the member's score,
 * the columns {@code RedisSink.sortedSetIncrements(name, redis, board, MEMBER, AMOUNT)} takes. The sink
 * sums a batch's amounts per member and adds them in one transaction per batch id.
 */
public final class BoardColumns {
    public static final String MEMBER = "member";
    public static final String AMOUNT = "amount";

    public static final StructType SCHEMA = new StructType()
            .add(MEMBER, DataTypes.StringType)
            .add(AMOUNT, DataTypes.LongType);

    /** The board of views per topic (SPEC sections 6 and 10). */
    public static final String TOPICS_BOARD = "topics-leaderboard";
    /** The board of minutes viewed per user (SPEC section 10). */
    public static final String USERS_BOARD = "users-leaderboard";
    /** The board of game scores per player (SPEC section 5). */
    public static final String PLAYERS_BOARD = "player-leaderboard";

    private BoardColumns() {
    }
}
