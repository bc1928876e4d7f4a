package dev.streampatterns.benchmarks;

/**
 * One line of the table: a variant of a scenario and its median figures.
 *
 * @param scenario       the scenario's name
 * @param variant        what ran; the baseline's variant says so
 * @param events         events per run
 * @param seconds        median wall time of a run
 * @param eventsPerSecond events / seconds (for the latency scenario: the rate the generator kept)
 * @param cpuSeconds     median CPU time of the whole JVM during a run (all threads, the in-process broker's too):
 *                       less sensitive than wall time to the other tenants of a shared machine
 * @param latencies      event time to sink-visible time, where it applies (else null)
 * @param peakHeapBytes  highest heap use of the JVM over the variant's measured runs
 * @param ratio          events/s against the scenario's baseline (1.0 for the baseline itself)
 * @param load           the machine's one-minute load average when the variant's last run ended
 * @param notes          what else the variant measured (decode counts, runs, rate asked for)
 */
record ResultRow(String scenario, String variant, long events, double seconds, double eventsPerSecond, double cpuSeconds,
                 Latencies latencies, long peakHeapBytes, double ratio, double load, String notes) {
}
