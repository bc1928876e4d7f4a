package dev.streampatterns.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs the variants of a scenario in rounds — baseline, then each variant, round after round — so
 * a burst of load from the machine's other tenants hits them alike; discards the warm-up rounds;
 * checks every variant's result against the baseline's of the same round; and reports medians.
 */
final class Runs {
    /** The note of a variant whose results were checked against the baseline's, every run. */
    static final String RESULTS_AGREE = "results = baseline's";

    private Runs() {
    }

    /** A measured run. */
    record Sample(Variant.Outcome outcome, long nanos, long cpuNanos, long peakHeapBytes, double load) {
        double seconds() {
            return nanos / 1e9;
        }

        double cpuSeconds() {
            return cpuNanos / 1e9;
        }
    }

    /** Measures the variants (the first is the baseline) and gives one row each. */
    static List<ResultRow> measure(BenchmarkContext context, String scenario, List<Variant> variants) throws Exception {
        int rounds = context.options().warmup() + context.options().repeat();
        List<List<Sample>> samples = new ArrayList<>();
        variants.forEach(v -> samples.add(new ArrayList<>()));
        boolean[] checked = new boolean[variants.size()];
        for (int round = 0; round < rounds; round++) {
            boolean warmup = round < context.options().warmup();
            Variant.RunResult baseline = null;
            for (int i = 0; i < variants.size(); i++) {
                Variant variant = variants.get(i);
                Sample sample = once(context, variant);
                context.log(String.format(Locale.ROOT, "%s / %s, %s %d: %,d events in %.3f s (%,.0f events/s), CPU %.1f s, "
                                + "load %.2f%s", scenario, variant.name(), warmup ? "warm-up" : "run",
                        warmup ? round + 1 : round - context.options().warmup() + 1, sample.outcome().events(),
                        sample.seconds(), sample.outcome().events() / sample.seconds(), sample.cpuSeconds(), sample.load(),
                        sample.outcome().notes().isEmpty() ? "" : "; " + sample.outcome().notes()));
                Variant.RunResult result = sample.outcome().result();
                if (i == 0) {
                    baseline = result;
                } else if (result != null && baseline != null) {
                    String disagreement = result.disagreement(baseline);
                    if (disagreement != null) {
                        throw new ResultMismatchException(scenario + ": " + variant.name() + " disagrees with "
                                + variants.get(0).name() + ": " + disagreement);
                    }
                    checked[i] = true;
                }
                if (!warmup) {
                    samples.get(i).add(sample);
                }
            }
        }
        List<ResultRow> rows = new ArrayList<>();
        double baselineRate = 0;
        for (int i = 0; i < variants.size(); i++) {
            ResultRow row = row(scenario, variants.get(i).name(), samples.get(i), i == 0 ? 0 : baselineRate,
                    checked[i]);
            if (i == 0) {
                baselineRate = row.eventsPerSecond();
            }
            rows.add(row);
        }
        return rows;
    }

    private static Sample once(BenchmarkContext context, Variant variant) throws Exception {
        variant.prepare();
        try {
            context.heap().reset();
            long cpu = BenchmarkContext.processCpuNanos();
            long start = System.nanoTime();
            Variant.Outcome outcome = variant.run();
            long nanos = System.nanoTime() - start;
            return new Sample(outcome, nanos, BenchmarkContext.processCpuNanos() - cpu, context.heap().peak(),
                    BenchmarkContext.loadAverage());
        } finally {
            variant.cleanup();
        }
    }

    /**
     * The median run's figures; {@code baselineRate} 0 marks the baseline itself; {@code checked}: every
     * run's result was compared with the baseline's and agreed.
     */
    static ResultRow row(String scenario, String variant, List<Sample> samples, double baselineRate, boolean checked) {
        double seconds = median(samples.stream().mapToDouble(Sample::seconds).toArray());
        Sample last = samples.get(samples.size() - 1);
        long events = last.outcome().events();
        double rate = events / seconds;
        String runs = samples.size() == 1 ? "" : samples.stream()
                .map(s -> String.format(Locale.ROOT, "%.2f", s.seconds())).collect(Collectors.joining("/", "runs ", " s"));
        String notes = Stream.of(checked ? RESULTS_AGREE : "", last.outcome().notes(), runs)
                .filter(s -> !s.isEmpty()).collect(Collectors.joining("; "));
        double cpuSeconds = median(samples.stream().mapToDouble(Sample::cpuSeconds).toArray());
        return new ResultRow(scenario, baselineRate == 0 ? variant + " (baseline)" : variant, events, seconds, rate,
                cpuSeconds, null, samples.stream().mapToLong(Sample::peakHeapBytes).max().orElse(0),
                baselineRate == 0 ? 1.0 : rate / baselineRate, last.load(), notes);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** A variant computed something else than its baseline: the benchmark's figures mean nothing then. */
    static final class ResultMismatchException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        ResultMismatchException(String message) {
            super(message);
        }
    }
}
