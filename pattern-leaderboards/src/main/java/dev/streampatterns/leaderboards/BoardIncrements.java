package dev.streampatterns.leaderboards;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.streampatterns.core.pattern.Pattern;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * What a batch adds to a board: one row {@link BoardColumns#SCHEMA} ({@code member, amount}) per input
 * row, the member from one column and the amount from another or a count of 1. Stateless: the board
 * is the running sum, kept in Redis by {@code RedisSink.sortedSetIncrements}, which sums a batch's
 * amounts per member and adds them once per batch id. The decoders make member and amount required
 * fields, so every valid row has both; a row of another source without one adds nothing.
 */
public final class BoardIncrements implements Pattern {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final String memberColumn;
    /** Null: each row counts 1. */
    private final String amountColumn;

    private BoardIncrements(String name, String memberColumn, String amountColumn) {
        this.name = Objects.requireNonNull(name, "name");
        this.memberColumn = Objects.requireNonNull(memberColumn, "memberColumn");
        this.amountColumn = amountColumn;
    }

    /** Each row adds its {@code amountColumn} to its {@code memberColumn}'s score. */
    public static BoardIncrements summing(String name, String memberColumn, String amountColumn) {
        return new BoardIncrements(name, memberColumn, Objects.requireNonNull(amountColumn, "amountColumn"));
    }

    /** Each row adds 1 to its {@code memberColumn}'s score. */
    public static BoardIncrements counting(String name, String memberColumn) {
        return new BoardIncrements(name, memberColumn, null);
    }

    /** The {@code player-leaderboard}: the sum of each player's scores. */
    public static BoardIncrements scoresPerPlayer() {
        return summing(BoardColumns.PLAYERS_BOARD, ScoreColumns.PLAYER, ScoreColumns.SCORE);
    }

    /** The {@code topics-leaderboard}: views per topic. */
    public static BoardIncrements viewsPerTopic() {
        return counting(BoardColumns.TOPICS_BOARD, ViewColumns.TOPIC);
    }

    /** The {@code users-leaderboard}: minutes viewed per user. */
    public static BoardIncrements minutesPerUser() {
        return summing(BoardColumns.USERS_BOARD, ViewColumns.USER, ViewColumns.MINUTES);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Dataset<Row> apply(Dataset<Row> rows) {
        Column amount = amountColumn == null ? lit(1L) : col(amountColumn).cast(DataTypes.LongType);
        return rows.select(col(memberColumn).cast(DataTypes.StringType).as(BoardColumns.MEMBER), amount.as(BoardColumns.AMOUNT))
                .where(col(BoardColumns.MEMBER).isNotNull().and(col(BoardColumns.AMOUNT).isNotNull()));
    }
}
