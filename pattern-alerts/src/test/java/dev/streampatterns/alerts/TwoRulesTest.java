package dev.streampatterns.alerts;

import static dev.streampatterns.alerts.AlertRows.alert;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streampatterns.testkit.PatternTestDriver;
import dev.streampatterns.testkit.TestSparkSessions;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.OutputMode;
import org.junit.jupiter.api.Test;

/**
 * Two threshold rules from one rules file, running at the same time on the same alerts, as an alerts
 * job runs them (one query per rule): each keeps its own levels, key, window, watermark and threshold.
 */
class TwoRulesTest {
    private static final String RULES = """
            rule.per-code.type       = threshold
            rule.per-code.levels     = CRITICAL, HIGH
            rule.per-code.key-column = code
            rule.per-code.window     = 10s
            rule.per-code.watermark  = 20s
            rule.per-code.threshold  = 1
            rule.per-code.topic      = alerts.per-code

            rule.per-level.type       = threshold
            rule.per-level.key-column = level
            rule.per-level.window     = 5s
            rule.per-level.watermark  = 2s
            rule.per-level.threshold  = 2
            rule.per-level.topic      = alerts.per-level
            """;

    private static PatternTestDriver driver(AlertRule rule) {
        return PatternTestDriver.builder(TestSparkSessions.local(), AlertColumns.SCHEMA)
                .pattern(rule.pattern()::apply).outputMode(OutputMode.Append()).start();
    }

    @Test
    void twoRulesInOneJobDoNotInterfereAnAlertTooLateForOneIsStillCountedByTheOther() {
        AlertRules rules = AlertRules.parse(RULES, "test rules");
        ThresholdModel perCode = new ThresholdModel(Set.of("CRITICAL", "HIGH"), AlertColumns.CODE, 10_000, 20_000, 1);
        ThresholdModel perLevel = new ThresholdModel(Set.of(), AlertColumns.LEVEL, 5_000, 2_000, 2);
        List<List<Row>> batches = List.of(
                List.of(alert(0.5, "ELEVATED", 300), alert(1, "CRITICAL", 100), alert(2, "HIGH", 100),
                        alert(3, "ELEVATED", 100), alert(4, "ELEVATED", 200), alert(6, "ELEVATED", 100),
                        alert(7, "CRITICAL", 200), alert(12, "HIGH", 300)),
                // Behind per-level's watermark (10 s: window [0, 5) closed), within per-code's.
                List.of(alert(4.5, "CRITICAL", 100)),
                List.of(alert(40, "HIGH", 400)));

        try (PatternTestDriver codeDriver = driver(rules.rule("per-code"));
             PatternTestDriver levelDriver = driver(rules.rule("per-level"))) {
            // Both queries run side by side in one session, on the same alerts.
            ThresholdModel.Run codeRun = perCode.feed(codeDriver, batches);
            ThresholdModel.Run levelRun = perLevel.feed(levelDriver, batches);

            assertThat(codeRun.published()).containsExactlyInAnyOrderElementsOf(codeRun.expected());
            assertThat(levelRun.published()).containsExactlyInAnyOrderElementsOf(levelRun.expected());
            // The late CRITICAL 100 makes per-code's [0, 10) count 3; per-level drops it.
            assertThat(codeRun.expected()).extracting(r -> r.getString(2) + "=" + r.getLong(3)).containsExactly("100=3");
            assertThat(levelRun.expected()).extracting(r -> r.getString(2) + "=" + r.getLong(3)).containsExactly("ELEVATED=3");
            assertThat(codeDriver.droppedByWatermark()).isEqualTo(perCode.dropped()).isZero();
            assertThat(levelDriver.droppedByWatermark()).isEqualTo(perLevel.dropped()).isEqualTo(1);
        }
    }
}
