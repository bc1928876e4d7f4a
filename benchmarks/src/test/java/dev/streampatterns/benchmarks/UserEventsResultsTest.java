package dev.streampatterns.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streampatterns.core.config.ConfigException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The check that makes the benchmark's comparison mean something, and the options around it. */
class UserEventsResultsTest {

    private static UserEventsResults tally(double... values) {
        UserEventsResults.Tally tally = new UserEventsResults.Tally();
        for (int i = 0; i < values.length; i++) {
            tally.add("user" + (i % 3), i % 2 == 0 ? "click" : "view", values[i]);
        }
        return tally.results(2);
    }

    @Test
    void tallyOrdersLikeThePatternsMostFirstTiesByName() {
        UserEventsResults results = tally(1, 2, 3, 4, 5);

        assertThat(results.eventsPerAction()).containsExactly(new UserEventsResults.ActionCount("click", 3),
                new UserEventsResults.ActionCount("view", 2));
        assertThat(results.topUsers()).containsExactly(new UserEventsResults.UserTotal("user1", 7),
                new UserEventsResults.UserTotal("user0", 5));
    }

    @Test
    void totalsAgreeDespiteSummationOrderButNotWhenTheyDiffer() {
        UserEventsResults results = tally(0.1, 0.2, 0.3);
        UserEventsResults sameTotalsOtherRounding = new UserEventsResults(results.rows(), 0, results.eventsPerAction(),
                results.topUsers().stream().map(u -> new UserEventsResults.UserTotal(u.userId(), u.totalValue() + 1e-12)).toList());
        UserEventsResults otherCount = new UserEventsResults(results.rows(), 0,
                List.of(new UserEventsResults.ActionCount("click", 1)), results.topUsers());

        assertThat(sameTotalsOtherRounding.disagreement(results)).isNull();
        assertThat(otherCount.disagreement(results)).startsWith("events per action");
        assertThat(tally(0.1, 0.2, 0.4).disagreement(results)).startsWith("top users");
    }

    @Test
    void optionsRunTheNamedScenariosInTheirOrderAndRejectUnknownOnes() {
        BenchmarkOptions options = BenchmarkOptions.load(new String[] {"--scenarios", "producer,pipeline",
            "--events", "5000", "--output", "out.csv"}, Map.of());

        assertThat(options.scenarios()).containsExactly("pipeline", "producer");
        assertThat(options.events()).isEqualTo(5000);
        assertThat(options.output()).hasValueSatisfying(path -> assertThat(path.toString()).isEqualTo("out.csv"));
        assertThatThrownBy(() -> BenchmarkOptions.load(new String[] {"--scenarios", "pipeline,nope"}, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--scenarios");
        assertThatThrownBy(() -> BenchmarkOptions.load(new String[] {"--output", "table.txt"}, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining(".md or .csv");
    }
}
