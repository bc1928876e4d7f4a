package dev.streampatterns.benchmarks;

import dev.streampatterns.analytics.userevents.UserEventsSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * The two results of the user-events pipeline — events per action and the top N users by total
 * value — and the counts they come from, in a form both the Spark pipeline and the hand-written
 * baseline produce, so the benchmark can insist that they agree.
 *
 * <p>Totals are sums of doubles added in a different order by Spark (per partition, then merged)
 * and by the baseline (record by record), so they agree to a relative {@value #RELATIVE_TOLERANCE},
 * not to the last bit; everything else must be equal.
 */
record UserEventsResults(long rows, long deadLetters, List<ActionCount> eventsPerAction, List<UserTotal> topUsers)
        implements Variant.RunResult {
    static final double RELATIVE_TOLERANCE = 1e-9;

    record ActionCount(String action, long count) {
    }

    record UserTotal(String userId, double totalValue) {
    }

    /** The results of one batch of the pipeline. */
    static UserEventsResults of(UserEventsSummary summary) {
        return of(summary.rows(), summary.deadLetters(), summary.eventsPerAction(), summary.topUsers());
    }

    /** The results from Spark rows: {@code action, count} and {@code userId, totalValue}. */
    static UserEventsResults of(long rows, long deadLetters, List<Row> eventsPerAction, List<Row> topUsers) {
        return new UserEventsResults(rows, deadLetters,
                eventsPerAction.stream().map(r -> new ActionCount(r.getString(0), r.getLong(1))).toList(),
                topUsers.stream().map(r -> new UserTotal(r.getString(0), r.getDouble(1))).toList());
    }

    @Override
    public String disagreement(Variant.RunResult other) {
        UserEventsResults baseline = (UserEventsResults) other;
        if (rows != baseline.rows || deadLetters != baseline.deadLetters) {
            return "rows/dead letters " + rows + "/" + deadLetters + " against " + baseline.rows + "/" + baseline.deadLetters;
        }
        if (!eventsPerAction.equals(baseline.eventsPerAction)) {
            return "events per action " + eventsPerAction + " against " + baseline.eventsPerAction;
        }
        boolean same = topUsers.size() == baseline.topUsers.size();
        for (int i = 0; same && i < topUsers.size(); i++) {
            UserTotal mine = topUsers.get(i);
            UserTotal theirs = baseline.topUsers.get(i);
            same = mine.userId().equals(theirs.userId()) && Math.abs(mine.totalValue() - theirs.totalValue())
                    <= RELATIVE_TOLERANCE * Math.max(1.0, Math.abs(theirs.totalValue()));
        }
        return same ? null : "top users " + topUsers + " against " + baseline.topUsers;
    }

    /**
     * The same two results computed in plain Java maps, event by event: what the hand-written
     * consumer does. An empty action is null, as proto3's "not set" is in the decoded rows.
     */
    static final class Tally {
        private final Map<String, long[]> perAction = new HashMap<>();
        private final Map<String, double[]> perUser = new HashMap<>();
        private long rows;
        private long deadLetters;

        void add(String userId, String action, double value) {
            rows++;
            perAction.computeIfAbsent(action.isEmpty() ? null : action, a -> new long[1])[0]++;
            perUser.computeIfAbsent(userId.isEmpty() ? null : userId, u -> new double[1])[0] += value;
        }

        void deadLetter() {
            deadLetters++;
        }

        /** Events per action (most first, ties by name) and the top {@code n} users (highest first, ties by id). */
        UserEventsResults results(int n) {
            List<ActionCount> actions = new ArrayList<>();
            perAction.forEach((action, count) -> actions.add(new ActionCount(action, count[0])));
            actions.sort(Comparator.comparingLong(ActionCount::count).reversed()
                    .thenComparing(ActionCount::action, Comparator.nullsFirst(Comparator.naturalOrder())));
            List<UserTotal> users = new ArrayList<>();
            perUser.forEach((user, total) -> users.add(new UserTotal(user, total[0])));
            users.sort(Comparator.comparingDouble(UserTotal::totalValue).reversed()
                    .thenComparing(UserTotal::userId, Comparator.nullsFirst(Comparator.naturalOrder())));
            return new UserEventsResults(rows, deadLetters, actions, List.copyOf(users.subList(0, Math.min(n, users.size()))));
        }
    }
}
