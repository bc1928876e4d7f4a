package dev.streampatterns.analytics.userevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.streampatterns.testkit.PatternTestDriver;
import dev.streampatterns.testkit.TestSparkSessions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.OutputMode;
import org.junit.jupiter.api.Test;

/**
 * The user-event analytics on the test driver, batch by batch, against counts and totals computed
 * here in plain Java from the same events.
 */
class UserEventAnalyticsTest {
    private static final List<String> ACTIONS = List.of("click", "view", "purchase", "signup", "logout");
    private final SparkSession spark = TestSparkSessions.local();

    /** Seeded random events; a value of 0.0 is sent as null, as the protobuf decoder gives it. */
    private static List<Row> events(long seed, int count) {
        Random random = new Random(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String action = ACTIONS.get(random.nextInt(ACTIONS.size()));
            Double value = action.equals("signup") || action.equals("logout") ? null
                    : Math.round(random.nextDouble() * 5000) / 10.0;
            rows.add(RowFactory.create("user" + (1 + random.nextInt(12)), action, value));
        }
        return rows;
    }

    private static Map<String, Long> countsPerAction(List<Row> events) {
        return events.stream().collect(Collectors.groupingBy(r -> r.getString(1), TreeMap::new, Collectors.counting()));
    }

    /** userId -> total, in the pattern's order: total descending, then user id. */
    private static List<Map.Entry<String, Double>> totalsRanked(List<Row> events) {
        Map<String, Double> totals = new TreeMap<>();
        for (Row event : events) {
            totals.merge(event.getString(0), event.isNullAt(2) ? 0.0 : event.getDouble(2), Double::sum);
        }
        return totals.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .collect(Collectors.toList());
    }

    private PatternTestDriver driver(java.util.function.Function<org.apache.spark.sql.Dataset<Row>,
            org.apache.spark.sql.Dataset<Row>> pattern) {
        return PatternTestDriver.builder(spark, UserEventColumns.SCHEMA).pattern(pattern)
                .outputMode(OutputMode.Complete()).start();
    }

    @Test
    void countsEventsPerActionAcrossBatches() {
        List<Row> events = events(7, 400);
        List<Row> firstBatch = events.subList(0, 150);
        try (PatternTestDriver driver = driver(new EventsPerAction()::apply)) {
            driver.addRows(firstBatch);
            assertCounts(driver.process(), countsPerAction(firstBatch));

            driver.addRows(events.subList(150, 400));
            assertCounts(driver.process(), countsPerAction(events));
        }
    }

    private static void assertCounts(List<Row> output, Map<String, Long> expected) {
        Map<String, Long> actual = new TreeMap<>();
        output.forEach(r -> actual.put(r.getString(0), r.getLong(1)));
        assertThat(actual).isEqualTo(expected);
        List<Long> counts = output.stream().map(r -> r.getLong(1)).collect(Collectors.toList());
        assertThat(counts).isSortedAccordingTo(Comparator.reverseOrder());
    }

    @Test
    void ranksTheTopFiveUsersByTotalValue() {
        List<Row> events = events(11, 500);
        List<Map.Entry<String, Double>> expected = totalsRanked(events).subList(0, 5);
        try (PatternTestDriver driver = driver(new TopUsersByValue()::apply)) {
            driver.addRows(events);
            List<Row> top = driver.process();

            assertThat(top).extracting(r -> r.getString(0))
                    .containsExactlyElementsOf(expected.stream().map(Map.Entry::getKey).collect(Collectors.toList()));
            for (int i = 0; i < 5; i++) {
                assertThat(top.get(i).getDouble(1)).isCloseTo(expected.get(i).getValue(), within(1e-6));
            }
        }
    }

    @Test
    void nullValuesCountAsZeroAndTiesAreBrokenByUserId() {
        List<Row> events = List.of(
                RowFactory.create("user2", "signup", null),
                RowFactory.create("user1", "logout", null),
                RowFactory.create("user3", "purchase", 10.0),
                RowFactory.create("user4", "click", 10.0));
        try (PatternTestDriver driver = driver(new TopUsersByValue(3)::apply)) {
            driver.addRows(events);
            assertThat(driver.process()).containsExactly(
                    RowFactory.create("user3", 10.0), RowFactory.create("user4", 10.0), RowFactory.create("user1", 0.0));
        }
    }

    @Test
    void aBatchWithoutEventsGivesNoRows() {
        // What CachedBatch hands the analyses for a micro-batch that held only dead letters: no
        // count of 0 per action, no empty ranking row.
        org.apache.spark.sql.Dataset<Row> empty = spark.createDataFrame(List.of(), UserEventColumns.SCHEMA);
        assertThat(new EventsPerAction().apply(empty).collectAsList()).isEmpty();
        assertThat(new TopUsersByValue(5).apply(empty).collectAsList()).isEmpty();
        assertThat(new UserActionTotals().apply(empty).collectAsList()).isEmpty();
    }

    @Test
    void userActionTotalsCountAndSumPerUserAndAction() {
        List<Row> events = events(7, 200);
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, Double> values = new TreeMap<>();
        for (Row event : events) {
            String key = event.getString(0) + "/" + event.getString(1);
            counts.computeIfAbsent(key, k -> new long[1])[0]++;
            values.merge(key, event.isNullAt(2) ? 0.0 : event.getDouble(2), Double::sum);
        }

        List<Row> totals = new UserActionTotals().apply(spark.createDataFrame(events, UserEventColumns.SCHEMA))
                .collectAsList();

        assertThat(totals).hasSize(counts.size());
        for (Row total : totals) {
            String key = total.getString(0) + "/" + total.getString(1);
            assertThat(total.getLong(2)).as(key).isEqualTo(counts.get(key)[0]);
            assertThat(total.getDouble(3)).as(key).isCloseTo(values.get(key), within(1e-6));
        }
    }

    @Test
    void eventsPerActionAndTopUsersFromTotalsEqualThemFromEvents() {
        List<Row> events = events(11, 300);
        var totals = new UserActionTotals().apply(spark.createDataFrame(events, UserEventColumns.SCHEMA));

        List<Row> perAction = new EventsPerAction().fromTotals(totals).collectAsList();
        assertCounts(perAction, countsPerAction(events));

        List<Row> top = new TopUsersByValue(4).fromTotals(totals).collectAsList();
        List<Map.Entry<String, Double>> expected = totalsRanked(events).subList(0, 4);
        assertThat(top).extracting(r -> r.getString(0))
                .containsExactlyElementsOf(expected.stream().map(Map.Entry::getKey).toList());
        for (int i = 0; i < top.size(); i++) {
            assertThat(top.get(i).getDouble(1)).isCloseTo(expected.get(i).getValue(), within(1e-6));
        }
    }

    @Test
    void eventsPerActionAndTopUsersFromCollectedTotalsEqualThemFromEventsInSparksOrder() {
        List<Row> events = events(17, 400);
        var totals = new UserActionTotals().apply(spark.createDataFrame(events, UserEventColumns.SCHEMA));
        List<Row> collected = totals.collectAsList();

        List<Row> perAction = new EventsPerAction().fromCollectedTotals(collected);
        assertCounts(perAction, countsPerAction(events));
        assertThat(perAction).extracting(r -> r.getString(0)).containsExactlyElementsOf(
                new EventsPerAction().fromTotals(totals).collectAsList().stream().map(r -> r.getString(0)).toList());

        List<Row> top = new TopUsersByValue(4).fromCollectedTotals(collected);
        List<Map.Entry<String, Double>> expected = totalsRanked(events).subList(0, 4);
        assertThat(top).extracting(r -> r.getString(0))
                .containsExactlyElementsOf(expected.stream().map(Map.Entry::getKey).toList());
        for (int i = 0; i < top.size(); i++) {
            assertThat(top.get(i).getDouble(1)).isCloseTo(expected.get(i).getValue(), within(1e-6));
        }
    }

    @Test
    void topNMustBePositive() {
        assertThatThrownBy(() -> new TopUsersByValue(0)).hasMessage("top-n must be positive: 0");
    }

    @Test
    void batchSummaryComputesTheExerciseTablesOnOneBatch() {
        List<Row> events = events(3, 60);
        UserEventsSummary summary = UserEventsSummary.of(4, spark.createDataFrame(events, UserEventColumns.SCHEMA),
                2, 5, new TopUsersByValue());

        assertThat(summary.rows()).isEqualTo(60);
        assertThat(summary.sample()).hasSize(5);
        assertCounts(summary.eventsPerAction(), countsPerAction(events));
        assertThat(summary.topUsers()).extracting(r -> r.getString(0)).containsExactlyElementsOf(
                totalsRanked(events).subList(0, 5).stream().map(Map.Entry::getKey).collect(Collectors.toList()));
        String text = summary.render(5);
        assertThat(text).startsWith("================ BATCH 4 ================\nRows in this batch: 60\n"
                + "Dead letters in this batch: 2\nSample rows:\n+");
        assertThat(text).contains("Events per action:\n+------", "Top 5 users by value:\n+------+----------+\n|userId|totalValue|");
    }
}
