package dev.streampatterns.generators;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A dataset: how to make the {@code index}-th valid record, and a malformed one.
 *
 * <p>Determinism contract: a {@link Generator} passes {@link #next} a {@link Random} seeded with
 * the run's seed that nothing else draws from, and calls it for index 0, 1, 2, ... in order.
 * So {@code new Random(seed)} and the same calls reproduce a run exactly, which is how tests
 * compute expected results without reading Kafka. {@link #malformedValue} gets a second,
 * separate {@link Random}, so injecting malformed records never shifts the valid sequence.
 * Implementations must draw randomness only from the {@code Random} they are given.
 */
public interface RecordFactory {

    /** Short name for logs, e.g. {@code user-events}. */
    String name();

    /** The {@code index}-th (0-based) valid record. */
    ProducerRecordData next(Random random, long index);

    /**
     * A value that a consumer of this dataset must reject as malformed, injected after valid
     * record {@code index}; sent with a null key.
     */
    byte[] malformedValue(Random random, long index);

    /**
     * The first {@code count} valid records a {@link Generator} run with {@code seed} sends, in order,
     * whatever its malformed fraction: the determinism contract above, as a method.
     */
    default List<ProducerRecordData> records(long seed, int count) {
        return drawn(seed, count, this::next);
    }

    /** How a dataset draws its {@code index}-th value from the run's random. */
    @FunctionalInterface
    interface Draw<T> {
        T next(Random random, long index);
    }

    /**
     * The first {@code count} values a dataset draws from {@code new Random(seed)}, for index 0, 1, 2, ...
     * in order: the determinism contract, for a dataset's own typed view of what a run sends.
     */
    static <T> List<T> drawn(long seed, int count, Draw<T> draw) {
        Random random = new Random(seed);
        List<T> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(draw.next(random, i));
        }
        return values;
    }
}
