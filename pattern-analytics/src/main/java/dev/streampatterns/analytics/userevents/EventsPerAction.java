package dev.streampatterns.analytics.userevents;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import dev.streampatterns.core.pattern.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Events per action type: {@code action, count}, most frequent first, ties by action name.
 *
 * <p>On one micro-batch it counts that batch; on a stream it is a running aggregation, to be written
 * in {@code complete} (the whole table each trigger) or {@code update} mode. No watermark: the state is
 * one row per distinct action, which stays small.
 */
public final class EventsPerAction implements Pattern {
    private static final long serialVersionUID = 1L;

    @Override
    public String name() {
        return "events-per-action";
    }

    @Override
    public Dataset<Row> apply(Dataset<Row> events) {
        return ordered(events.groupBy(col(UserEventColumns.ACTION)).count()
                .withColumnRenamed("count", UserEventColumns.COUNT));
    }

    /** The same result from the rows of {@link UserActionTotals}: their counts summed per action. */
    public Dataset<Row> fromTotals(Dataset<Row> totals) {
        return ordered(totals.groupBy(col(UserEventColumns.ACTION))
                .agg(sum(col(UserEventColumns.COUNT)).as(UserEventColumns.COUNT)));
    }

    private static Dataset<Row> ordered(Dataset<Row> counts) {
        // One row per action: sorting them in one partition spares Spark the sampling job that a
        // sort across partitions runs first, one more pass over the batch.
        return counts.coalesce(1)
                .orderBy(col(UserEventColumns.COUNT).desc(), col(UserEventColumns.ACTION).asc());
    }
}
