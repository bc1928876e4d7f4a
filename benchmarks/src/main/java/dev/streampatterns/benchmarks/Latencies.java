package dev.streampatterns.benchmarks;

import java.util.Arrays;

/** Percentiles of a set of latencies in milliseconds (nearest rank, as most latency reports use). */
record Latencies(long count, double p50, double p95, double p99, double max) {

    static Latencies of(long[] millis) {
        if (millis.length == 0) {
            throw new IllegalArgumentException("no latencies measured");
        }
        long[] sorted = millis.clone();
        Arrays.sort(sorted);
        return new Latencies(sorted.length, rank(sorted, 50), rank(sorted, 95), rank(sorted, 99),
                sorted[sorted.length - 1]);
    }

    private static double rank(long[] sorted, double percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
