package dev.streampatterns.analytics.userevents;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import dev.streampatterns.core.pattern.Pattern;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The top N users by total value: {@code userId, totalValue}, highest first, ties by user id, so the
 * order is the same on every run.
 *
 * <p>A value the decoder gives as null counts as 0: proto3 cannot tell a value of 0.0 from "not set",
 * and Spark's protobuf semantics make both null — a user whose events all have value 0 (signups,
 * logouts) has a total of 0, not null. On a stream, write it in {@code complete} mode.
 */
public final class TopUsersByValue implements Pattern {
    private static final long serialVersionUID = 1L;
    public static final int DEFAULT_N = 5;
    private final int n;

    public TopUsersByValue(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("top-n must be positive: " + n);
        }
        this.n = n;
    }

    public TopUsersByValue() {
        this(DEFAULT_N);
    }

    public int n() {
        return n;
    }

    @Override
    public String name() {
        return "top-" + n + "-users-by-value";
    }

    @Override
    public Dataset<Row> apply(Dataset<Row> events) {
        return ranked(events.groupBy(col(UserEventColumns.USER_ID))
                .agg(UserEventColumns.totalOfValues().as(UserEventColumns.TOTAL_VALUE)));
    }

    /** The same result from the rows of {@link UserActionTotals}: their totals summed per user. */
    public Dataset<Row> fromTotals(Dataset<Row> totals) {
        return ranked(totals.groupBy(col(UserEventColumns.USER_ID))
                .agg(sum(col(UserEventColumns.TOTAL_VALUE)).as(UserEventColumns.TOTAL_VALUE)));
    }

    /**
     * The same result on the driver, from the collected rows of {@link UserActionTotals}, as
     * {@link EventsPerAction#fromCollectedTotals} does. Sums of doubles may differ from Spark's in
     * the last bits, since they add in another order.
     */
    public List<Row> fromCollectedTotals(List<Row> totals) {
        return UserActionTotals.summedAndRanked(totals, UserEventColumns.USER_ID, UserEventColumns.TOTAL_VALUE, Double::sum)
                .limit(n)
                .map(e -> RowFactory.create(e.getKey(), e.getValue()))
                .toList();
    }

    private Dataset<Row> ranked(Dataset<Row> totals) {
        return totals.orderBy(col(UserEventColumns.TOTAL_VALUE).desc(), col(UserEventColumns.USER_ID).asc())
                .limit(n);
    }
}
