package dev.streampatterns.alerts;

import static dev.streampatterns.alerts.AlertRows.alert;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streampatterns.testkit.PatternTestDriver;
import dev.streampatterns.testkit.TestSparkSessions;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Critical routing on the test driver: stateless, so every alert is decided in the batch that reads it. */
class CriticalRoutingTest {

    private static List<Row> critical(List<Row> alerts) {
        return alerts.stream().filter(a -> a.getString(1).equals("CRITICAL")).collect(Collectors.toList());
    }

    @Test
    void everyCriticalAlertIsForwardedInTheBatchThatReadsItHoweverLateAndNothingElse() {
        List<Row> first = List.of(alert(1, "CRITICAL", 100), alert(2, "HIGH", 100), alert(3, "ELEVATED", 300),
                alert(4, "CRITICAL", 400));
        List<Row> late = List.of(alert(3600, "HIGH", 200), alert(-3600, "CRITICAL", 200), alert(5, "CRITICAL", 100));
        try (PatternTestDriver driver = PatternTestDriver.builder(TestSparkSessions.local(), AlertColumns.SCHEMA)
                .pattern(new CriticalRouting()::apply).start()) {
            driver.addRows(first);
            assertThat(driver.process()).containsExactlyInAnyOrderElementsOf(critical(first));

            driver.addRows(late);
            assertThat(driver.process()).as("no watermark: an alert an hour behind is forwarded too")
                    .containsExactlyInAnyOrderElementsOf(critical(late));
            assertThat(driver.stateRows()).isZero();
        }
    }
}
