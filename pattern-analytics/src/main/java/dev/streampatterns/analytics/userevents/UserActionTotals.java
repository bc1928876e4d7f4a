package dev.streampatterns.analytics.userevents;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import dev.streampatterns.core.pattern.Pattern;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.stream.Stream;
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

    /**
     * Collected totals summed per {@code key} column, the highest sum of {@code value} first and ties
     * by key, nulls first: the order of Spark's {@code orderBy(value.desc(), key.asc())}.
     */
    static <V extends Comparable<V>> Stream<Map.Entry<String, V>> summedAndRanked(List<Row> totals, String key,
                                                                                 String value, BinaryOperator<V> plus) {
        Map<String, V> sums = new HashMap<>();
        for (Row total : totals) {
            sums.merge(total.getAs(key), total.getAs(value), plus);
        }
        return sums.entrySet().stream().sorted(Map.Entry.<String, V>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey(Comparator.nullsFirst(Comparator.naturalOrder()))));
    }
}
