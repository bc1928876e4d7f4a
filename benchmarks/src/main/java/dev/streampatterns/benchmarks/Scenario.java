package dev.streampatterns.benchmarks;

import java.util.List;

/** A benchmark: runs its variants (the baseline first) and gives one table row per variant. Named in {@link Scenarios}. */
@FunctionalInterface
interface Scenario {
    List<ResultRow> run(BenchmarkContext context) throws Exception;
}
