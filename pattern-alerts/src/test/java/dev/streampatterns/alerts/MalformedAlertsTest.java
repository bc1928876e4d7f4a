package dev.streampatterns.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampatterns.core.decode.DeadLetter;
import dev.streampatterns.testkit.PatternTestDriver;
import dev.streampatterns.testkit.TestSparkSessions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Input lines through the alerts decoder: valid lines reach the rules, malformed ones the dead letter. */
class MalformedAlertsTest {
    private static final StructType LINES = new StructType()
            .add("value", DataTypes.StringType).add("offset", DataTypes.LongType);
    private static final String CRITICAL = "\"2026-01-01T00:00:07.000Z\",\"CRITICAL\",\"300\",\"error rate rising, retries failing on host-4\"";
    private static final String HIGH = "\"2026-01-01T00:00:08.000Z\",\"HIGH\",\"100\",\"disk usage above limit on host-1\"";
    private static final List<String> MALFORMED = List.of(
            "\"yesterday at noon\",\"CRITICAL\",\"100\",\"timestamp unreadable\"",
            "\"2026-01-01T00:00:09.000Z\",\"CRITICAL\",\"code-3\",\"code not a number\"",
            "\"2026-01-01T00:00:10.000Z\",\"CRITICAL\"");

    private static PatternTestDriver driver(Function<Dataset<Row>, Dataset<Row>> pattern) {
        return PatternTestDriver.builder(TestSparkSessions.local(), LINES).pattern(pattern).start();
    }

    @Test
    void aMalformedLineGoesToTheDeadLetterWithItsOffsetAndReasonAndNeverReachesARule() {
        List<String> lines = new ArrayList<>(List.of(CRITICAL, HIGH));
        lines.addAll(MALFORMED);
        List<Row> input = new ArrayList<>();
        for (int offset = 0; offset < lines.size(); offset++) {
            input.add(RowFactory.create(lines.get(offset), (long) offset));
        }
        AlertRule critical = AlertRules.defaults().rule("critical");
        try (PatternTestDriver deadLetters = driver(rows -> AlertColumns.decoder().decode(rows).deadLetters());
             PatternTestDriver routed = driver(rows -> critical.toRecords(AlertColumns.decoder().decode(rows).valid()))) {
            deadLetters.addRows(input);
            routed.addRows(input);

            List<Row> dead = deadLetters.process();
            assertThat(dead).extracting(r -> r.<Long>getAs(DeadLetter.OFFSET)).containsExactlyInAnyOrder(2L, 3L, 4L);
            assertThat(dead).extracting(r -> new String(r.<byte[]>getAs(DeadLetter.VALUE), StandardCharsets.UTF_8))
                    .containsExactlyInAnyOrderElementsOf(MALFORMED);
            // Spark's CSV parser rejects a line with too few fields itself, before the required-field check.
            assertThat(dead).extracting(r -> r.<String>getAs(DeadLetter.REASON)).containsOnly(
                    "malformed CSV: does not parse as " + AlertColumns.SCHEMA.simpleString());

            assertThat(routed.process()).containsExactly(RowFactory.create("300",
                    "{\"rule\":\"critical\",\"timestamp\":\"2026-01-01T00:00:07.000Z\",\"level\":\"CRITICAL\","
                            + "\"code\":300,\"message\":\"error rate rising, retries failing on host-4\"}"));
        }
    }

    @Test
    void aMessageOverTheLimitIsADeadLetterAndOneAtTheLimitIsRouted() {
        String atLimit = "m".repeat(AlertColumns.MAX_MESSAGE_LENGTH);
        String over = atLimit + "m";
        AlertRule critical = AlertRules.defaults().rule("critical");
        List<Row> input = List.of(
                RowFactory.create("\"2026-01-01T00:00:07.000Z\",\"CRITICAL\",\"300\",\"" + atLimit + "\"", 0L),
                RowFactory.create("\"2026-01-01T00:00:08.000Z\",\"CRITICAL\",\"300\",\"" + over + "\"", 1L));
        try (PatternTestDriver deadLetters = driver(rows -> AlertColumns.decoder().decode(rows).deadLetters());
             PatternTestDriver routed = driver(rows -> critical.toRecords(AlertColumns.decoder().decode(rows).valid()))) {
            deadLetters.addRows(input);
            routed.addRows(input);

            assertThat(deadLetters.process()).singleElement().satisfies(letter -> {
                assertThat(letter.<Long>getAs(DeadLetter.OFFSET)).isEqualTo(1L);
                assertThat(letter.<String>getAs(DeadLetter.REASON)).endsWith("field 'message' is "
                        + (AlertColumns.MAX_MESSAGE_LENGTH + 1) + " characters long, over its limit of "
                        + AlertColumns.MAX_MESSAGE_LENGTH);
            });
            assertThat(routed.process()).extracting(r -> r.getString(1)).singleElement()
                    .satisfies(value -> assertThat(value).contains("\"message\":\"" + atLimit + "\""));
        }
    }
}
