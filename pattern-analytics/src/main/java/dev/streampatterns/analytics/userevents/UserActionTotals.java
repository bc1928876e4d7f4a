package dev.streampatterns.analytics.userevents;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import dev.streampatterns.core.pattern.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Events and total value per user and action: {@code userId, action, count, totalValue}, a null
 * value counting as 0 as in {@link TopUsersByValue}.
 *
 * <p>The one pass over a batch that {@link EventsPerAction#fromTotals} and
 * {@link TopUsersByValue#fromTotals} both start from: each of them then reads at most
 * users × actions rows instead of every event, so a summary needing both scans the batch once.
 */
public final class UserActionTotals implements Pattern {
    private static final long serialVersionUID = 1L;

    @Override
    public String name() {
        return "user-action-totals";
    }

    @Override
    public Dataset<Row> apply(Dataset<Row> events) {
        return events.groupBy(col(UserEventColumns.USER_ID), col(UserEventColumns.ACTION))
                .agg(count(lit(1)).as(UserEventColumns.COUNT),
                        UserEventColumns.totalOfValues().as(UserEventColumns.TOTAL_VALUE));
    }
}
