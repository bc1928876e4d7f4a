package dev.streampatterns.servers;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition with a deadline, checking it every 100 ms: the way tests wait for something
 * that happens in another thread or process, instead of sleeping a fixed time and hoping.
 */
public final class Await {
    private Await() {
    }

    /** Returns as soon as {@code condition} holds; fails with {@code description} when the deadline passes first. */
    public static void until(Duration timeout, String description, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + description);
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }
}
