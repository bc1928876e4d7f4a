package dev.streampatterns.analytics.userevents;

import dev.streampatterns.core.decode.DeadLetterCount;
import dev.streampatterns.core.decode.DecodedRows;
import dev.streampatterns.core.sink.ConsoleReport;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The analytics of one micro-batch of user events (exercise 5): rows in the batch, sample rows,
 * events per action and the top N users by value.
 *
 * @param batchId Spark's batch id
 * @param rows valid events in the batch
 * @param deadLetters records of the batch that could not be decoded
 * @param sample the first rows of the batch, for eyes
 * @param eventsPerAction {@code action, count}, see {@link EventsPerAction}
 * @param topUsers {@code userId, totalValue}, see {@link TopUsersByValue}
 */
public record UserEventsSummary(long batchId, long rows, long deadLetters, List<Row> sample, StructType sampleSchema,
                                List<Row> eventsPerAction, List<Row> topUsers) {

    /**
     * Computes the summary of a micro-batch as its decoder gave it (valid records and dead letters,
     * in either layout of {@link DecodedRows}). One Spark job reads the batch: it collects the
     * {@link UserActionTotals} (at most users × actions rows) and counts the dead letters as it goes
     * ({@link DeadLetterCount}); the rows, events per action and top users are derived from those
     * totals on the driver. The sample, when asked for, is a second job that reads the first rows only.
     */
    public static UserEventsSummary of(long batchId, DecodedRows batch, int sampleRows, TopUsersByValue topUsers) {
        DeadLetterCount deadLetters = DeadLetterCount.of(batch);
        Dataset<Row> events = deadLetters.rows().valid();
        List<Row> totals = new UserActionTotals().apply(events).collectAsList();
        return fromTotals(batchId, totals, deadLetters.count(), sample(events, sampleRows), events.schema(), topUsers);
    }

    /** The same summary of a batch of valid events only, its dead letters counted by the caller. */
    public static UserEventsSummary of(long batchId, Dataset<Row> events, long deadLetters, int sampleRows,
                                       TopUsersByValue topUsers) {
        List<Row> totals = new UserActionTotals().apply(events).collectAsList();
        return fromTotals(batchId, totals, deadLetters, sample(events, sampleRows), events.schema(), topUsers);
    }

    private static UserEventsSummary fromTotals(long batchId, List<Row> totals, long deadLetters, List<Row> sample,
                                                StructType sampleSchema, TopUsersByValue topUsers) {
        List<Row> eventsPerAction = new EventsPerAction().fromCollectedTotals(totals);
        long rows = eventsPerAction.stream().mapToLong(row -> row.getLong(1)).sum();
        return new UserEventsSummary(batchId, rows, deadLetters, sample, sampleSchema, eventsPerAction,
                topUsers.fromCollectedTotals(totals));
    }

    private static List<Row> sample(Dataset<Row> events, int sampleRows) {
        return sampleRows == 0 ? List.of() : events.limit(sampleRows).collectAsList();
    }

    private static final StructType ACTION_SCHEMA = new StructType()
            .add(UserEventColumns.ACTION, DataTypes.StringType)
            .add(UserEventColumns.COUNT, DataTypes.LongType);
    private static final StructType TOP_SCHEMA = new StructType()
            .add(UserEventColumns.USER_ID, DataTypes.StringType)
            .add(UserEventColumns.TOTAL_VALUE, DataTypes.DoubleType);

    /** The exercise's console format for this batch; totals are rounded to cents for display only. */
    public String render(int topN) {
        List<Row> roundedTop = topUsers.stream()
                .map(r -> RowFactory.create(r.getString(0), Math.round(r.getDouble(1) * 100) / 100.0))
                .toList();
        return ConsoleReport.forBatch(batchId)
                .line("Rows in this batch: " + rows)
                .line("Dead letters in this batch: " + deadLetters)
                .table("Sample rows:", sampleSchema, sample)
                .table("Events per action:", ACTION_SCHEMA, eventsPerAction)
                .table("Top " + topN + " users by value:", TOP_SCHEMA, roundedTop)
                .text();
    }
}
