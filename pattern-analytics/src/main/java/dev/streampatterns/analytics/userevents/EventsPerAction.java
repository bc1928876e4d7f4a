package dev.streampatterns.analytics.userevents;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import dev.streampatterns.core.pattern.Pattern;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

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

    /**
     * The same result on the driver, from the collected rows of {@link UserActionTotals} (at most
     * users × actions of them): what a micro-batch summary uses, since a Spark job of its own would
     * cost more than the sum (docs/BENCHMARKS.md, section 8).
     */
    public List<Row> fromCollectedTotals(List<Row> totals) {
        return UserActionTotals.summedAndRanked(totals, UserEventColumns.ACTION, UserEventColumns.COUNT, Long::sum)
                .map(e -> RowFactory.create(e.getKey(), e.getValue()))
                .toList();
    }

    private static Dataset<Row> ordered(Dataset<Row> counts) {
        // One row per action: sorting them in one partition spares Spark the sampling job that a
        // sort across partitions runs first, one more pass over the batch.
        return counts.coalesce(1)
                .orderBy(col(UserEventColumns.COUNT).desc(), col(UserEventColumns.ACTION).asc());
    }
}
