package dev.streampatterns.benchmarks;

/**
 * One way of doing a scenario's work, e.g. the Spark pipeline or the plain-consumer baseline.
 * {@link #prepare()} and {@link #cleanup()} run around every run, outside the timed section.
 */
interface Variant {
    String name();

    default void prepare() throws Exception {
    }

    /** The timed work. */
    Outcome run() throws Exception;

    default void cleanup() throws Exception {
    }

    /**
     * What a run did.
     *
     * @param events events it processed
     * @param result what it computed, checked against the baseline's result of the same round; null: nothing to check
     * @param notes  anything else worth a column in the table (decode counts, batches), or ""
     */
    record Outcome(long events, RunResult result, String notes) {
    }

    /** A result that can be compared with the baseline's. */
    interface RunResult {
        /** Why this result differs from the baseline's, or null when they agree. */
        String disagreement(RunResult baseline);
    }
}
