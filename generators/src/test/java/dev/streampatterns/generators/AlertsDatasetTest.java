package dev.streampatterns.generators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streampatterns.generators.AlertsDataset.Alert;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AlertsDatasetTest {
    /** Four quoted fields; a field's quotes are doubled inside it. */
    private static final Pattern LINE = Pattern.compile("\"([^\"]*)\",\"([^\"]*)\",\"([^\"]*)\",\"((?:[^\"]|\"\")*)\"");

    @Test
    void sameSeedGivesTheSameLines() {
        AlertsDataset dataset = new AlertsDataset();
        assertThat(dataset.records(42, 1_000)).isEqualTo(dataset.records(42, 1_000));
        assertThat(dataset.records(42, 1_000)).isNotEqualTo(dataset.records(43, 1_000));
    }

    @Test
    void alertsReproducesTheLinesTheGeneratorSends() {
        AlertsDataset dataset = AlertsDataset.builder().lateEvents(0.1, Duration.ofSeconds(30)).build();
        List<Alert> alerts = dataset.alerts(7, 500);
        List<ProducerRecordData> records = dataset.records(7, 500);
        for (int i = 0; i < records.size(); i++) {
            Alert alert = alerts.get(i);
            Matcher line = LINE.matcher(new String(records.get(i).value(), StandardCharsets.UTF_8));
            assertThat(line.matches()).as("line %d", i).isTrue();
            assertThat(Instant.parse(line.group(1))).isEqualTo(alert.timestamp());
            assertThat(line.group(2)).isEqualTo(alert.level());
            assertThat(Integer.parseInt(line.group(3))).isEqualTo(alert.code());
            assertThat(line.group(4)).isEqualTo(alert.message());
            assertThat(new String(records.get(i).key(), StandardCharsets.UTF_8)).isEqualTo(line.group(3));
            assertThat(records.get(i).timestampMillis()).isNull();
        }
    }

    @Test
    void theEventClockAdvancesOneStepPerAlertAndLateAlertsAreTheirLatenessBehind() {
        Instant start = Instant.parse("2026-03-01T12:00:00Z");
        AlertsDataset dataset = AlertsDataset.builder().start(start).step(Duration.ofMillis(250))
                .lateEvents(0.05, Duration.ofSeconds(15)).build();
        List<Alert> alerts = dataset.alerts(3, 1_000);
        List<Integer> late = new ArrayList<>();
        for (int i = 0; i < alerts.size(); i++) {
            Instant stream = start.plusMillis(250L * i);
            if (alerts.get(i).late()) {
                late.add(i);
                assertThat(alerts.get(i).timestamp()).isEqualTo(stream.minusSeconds(15));
            } else {
                assertThat(alerts.get(i).timestamp()).isEqualTo(stream);
            }
        }
        // Every 20th alert (index 19, 39, ...): 5 % of them, evenly spread.
        assertThat(late).hasSize(50).startsWith(19, 39, 59).endsWith(999);
    }

    @Test
    void lateAlertsDrawTheSameLevelsCodesAndMessagesAsOnTimeOnes() {
        List<Alert> onTime = new AlertsDataset().alerts(11, 300);
        List<Alert> someLate = AlertsDataset.builder().lateEvents(0.2, Duration.ofMinutes(1)).build().alerts(11, 300);
        for (int i = 0; i < onTime.size(); i++) {
            assertThat(someLate.get(i)).usingRecursiveComparison().ignoringFields("timestamp", "late").isEqualTo(onTime.get(i));
        }
    }

    @Test
    void levelsCodesAndHostsFollowTheSpec() {
        Set<String> levels = new HashSet<>();
        Set<Integer> codes = new HashSet<>();
        for (Alert alert : new AlertsDataset().alerts(1, 5_000)) {
            levels.add(alert.level());
            codes.add(alert.code());
            assertThat(alert.message()).matches(".+ on host-[1-8]");
        }
        assertThat(levels).containsExactlyInAnyOrder("CRITICAL", "HIGH", "ELEVATED");
        assertThat(codes).containsExactlyInAnyOrder(100, 200, 300, 400);
    }

    @Test
    void malformedLinesHaveAnUnreadableTimestampANonNumericCodeOrNoCode() {
        AlertsDataset dataset = new AlertsDataset();
        Random random = new Random(5);
        Set<String> kinds = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            String value = new String(dataset.malformedValue(random, i), StandardCharsets.UTF_8);
            Matcher line = LINE.matcher(value);
            if (!line.matches()) {
                kinds.add("no code");
                assertThat(value).matches("\"[^\"]+\",\"[A-Z]+\"");
            } else if (!line.group(3).matches("\\d+")) {
                kinds.add("code");
            } else {
                kinds.add("timestamp");
                assertThatThrownBy(() -> Instant.parse(line.group(1))).isInstanceOf(DateTimeParseException.class);
            }
        }
        assertThat(kinds).containsExactlyInAnyOrder("no code", "code", "timestamp");
    }

    @Test
    void rejectsAStepBelowOneMillisecondAndAFractionOutsideZeroToOne() {
        assertThatThrownBy(() -> AlertsDataset.builder().step(Duration.ZERO).build()).hasMessageStartingWith("step ");
        assertThatThrownBy(() -> AlertsDataset.builder().lateEvents(1.5, Duration.ofSeconds(1)).build())
                .hasMessageStartingWith("late fraction ");
        assertThatThrownBy(() -> AlertsDataset.builder().lateEvents(0.1, Duration.ofSeconds(-1)).build())
                .hasMessageStartingWith("lateness ");
    }
}
