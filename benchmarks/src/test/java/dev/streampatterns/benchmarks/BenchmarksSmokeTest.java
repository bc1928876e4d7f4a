package dev.streampatterns.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The CI smoke run: every scenario on a tiny input (20,000 events, a 2-second latency run), once, no
 * warm-up — seconds, not the full suite. What it checks is that each scenario runs and that every
 * variant computed the same results as its baseline (the user-events pipeline's events per action
 * and top 5 users equal the plain consumer's), not how fast anything was.
 */
// Every scenario beside its baseline, on small inputs: one to three minutes, too close to the
// 5-minute default on a slow machine.
@org.junit.jupiter.api.Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
class BenchmarksSmokeTest {

    @Test
    void everyScenarioRunsOnATinyInputAndEveryVariantAgreesWithItsBaseline() throws Exception {
        BenchmarkOptions options = BenchmarkOptions.load(new String[] {"--events", "20000", "--warmup", "0",
            "--repeat", "1", "--latency-rate", "2000", "--latency-duration", "2s", "--master", "local[2]"}, Map.of());
        List<String> log = new ArrayList<>();

        ResultTable table = Benchmarks.run(options, log::add);

        assertThat(table.rows()).extracting(ResultRow::scenario).containsOnlyOnceElementsOf(List.of("latency"))
                .containsAll(Scenarios.NAMES);
        for (ResultRow row : table.rows()) {
            assertThat(row.events()).as(row.variant()).isPositive();
            assertThat(row.eventsPerSecond()).as(row.variant()).isPositive();
            assertThat(row.peakHeapBytes()).as(row.variant()).isPositive();
            boolean isBaseline = row.variant().endsWith("(baseline)");
            // The latency scenarios' baseline is the rate asked, not a variant that computes a result.
            boolean hasBaseline = !List.of(LatencyScenario.NAME, ClickstreamLatencyScenario.NAME).contains(row.scenario());
            if (hasBaseline && !isBaseline) {
                assertThat(row.notes()).as(row.variant()).startsWith(Runs.RESULTS_AGREE);
            }
        }
        assertThat(rows(table, PipelineScenario.NAME)).hasSize(4)
                .allSatisfy(row -> assertThat(row.events()).isEqualTo(20_000));
        assertThat(rows(table, CachedBatchScenario.NAME)).extracting(ResultRow::notes)
                .anySatisfy(notes -> assertThat(notes).contains("60,000 records decoded (3.00 per record)"))
                .anySatisfy(notes -> assertThat(notes).contains("20,000 records decoded (1.00 per record)"));
        ResultRow latency = rows(table, LatencyScenario.NAME).get(0);
        assertThat(latency.latencies().count()).isEqualTo(latency.events());
        assertThat(latency.latencies().p50()).isPositive().isLessThanOrEqualTo(latency.latencies().p99());
        assertThat(table.text()).contains("events/s", "x baseline");
        assertThat(table.markdown()).startsWith("| scenario |");
        assertThat(table.csv().lines()).hasSize(table.rows().size() + 1);
    }

    private static List<ResultRow> rows(ResultTable table, String scenario) {
        return table.rows().stream().filter(r -> r.scenario().equals(scenario)).toList();
    }
}
