package dev.streampatterns.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/** A baseline's plain Java threads: one per core, each working on its own slice of the input. */
final class PlainThreads {
    static final int COUNT = Runtime.getRuntime().availableProcessors();

    private PlainThreads() {
    }

    /** {@code work} on {@link #COUNT} slices of {@code items}, one thread each; the slices' results in order. */
    static <T, R> List<R> eachSlice(List<T> items, Function<List<T>, R> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(COUNT);
        try {
            List<Future<R>> parts = new ArrayList<>();
            int slice = Math.max(1, (items.size() + COUNT - 1) / COUNT);
            for (int from = 0; from < items.size(); from += slice) {
                List<T> part = items.subList(from, Math.min(items.size(), from + slice));
                parts.add(pool.submit(() -> work.apply(part)));
            }
            List<R> results = new ArrayList<>(parts.size());
            for (Future<R> part : parts) {
                results.add(part.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
