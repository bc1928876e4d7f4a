package dev.streampatterns.analytics.userevents;

import dev.streampatterns.core.sink.ConsoleReport;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The analytics of one micro-batch of user events (exercise 5): rows in the batch, sample rows,
 * events per action and the top N users by value — computed from the cached batch, so each is one
 * more scan of memory and not of Kafka.
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
     * Computes the summary of a batch of valid events; the batch should be cached by the caller.
     * Two passes over it: {@link UserActionTotals}, from which events per action and the top users
     * are derived (their counts also add up to the rows), and the sample, which reads the first rows only.
     */
    public static UserEventsSummary of(long batchId, Dataset<Row> events, long deadLetters, int sampleRows,
                                       TopUsersByValue topUsers) {
        // At most users × actions rows: kept for the two results derived from it, then dropped.
        Dataset<Row> totals = new UserActionTotals().apply(events).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            List<Row> eventsPerAction = new EventsPerAction().fromTotals(totals).collectAsList();
            long rows = eventsPerAction.stream().mapToLong(row -> row.getLong(1)).sum();
            return new UserEventsSummary(batchId, rows, deadLetters,
                    events.limit(sampleRows).collectAsList(), events.schema(),
                    eventsPerAction, topUsers.fromTotals(totals).collectAsList());
        } finally {
            totals.unpersist(false);
        }
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
