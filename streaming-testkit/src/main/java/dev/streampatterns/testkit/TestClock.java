package dev.streampatterns.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.util.ManualClock;

/**
 * The processing clock of a {@link PatternTestDriver} built with {@link PatternTestDriver.Builder#clock}:
 * a clock the test moves by hand ({@link #advance(Duration)}), from which the driver's queries take
 * their processing-time triggers and each micro-batch its processing time ({@code current_timestamp()},
 * processing-time timeouts).
 *
 * <p>It also knows when the queries have caught up with it — every query's thread waiting for a
 * trigger time still ahead of the clock — which is how the driver's {@code process()} knows that the
 * batches the clock allowed have run (Spark's own tests do the same with their {@code StreamManualClock}).
 */
public final class TestClock extends ManualClock {
    private static final long serialVersionUID = 1L;
    /** The trigger time each waiting query thread waits for. */
    private final transient Map<Thread, Long> waiting = new ConcurrentHashMap<>();

    TestClock(Instant start) {
        super(start.toEpochMilli());
    }

    /** The clock's time. */
    public Instant now() {
        return Instant.ofEpochMilli(getTimeMillis());
    }

    /** Moves the clock forward; the triggers it reaches fire. */
    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a clock cannot go back: " + duration);
        }
        advance(duration.toMillis());
    }

    @Override
    public long waitTillTime(long targetTime) {
        waiting.put(Thread.currentThread(), targetTime);
        try {
            return super.waitTillTime(targetTime);
        } finally {
            waiting.remove(Thread.currentThread());
        }
    }

    /** Whether {@code queries} query threads wait for a trigger time after the clock's time: nothing is due. */
    boolean caughtUp(int queries) {
        long now = getTimeMillis();
        return waiting.size() == queries && waiting.values().stream().allMatch(target -> target > now);
    }
}
