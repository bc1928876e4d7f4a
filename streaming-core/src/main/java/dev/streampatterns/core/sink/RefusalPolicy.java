package dev.streampatterns.core.sink;

import java.io.Serializable;
import java.util.Objects;

/**
 * What a job does with the rows a sink's server refuses as data errors (a value too long or out of
 * range, a duplicate of a unique key, a Redis key of another type), in the manner of Kafka Connect's
 * {@code errors.tolerance}: send them to the dead letter and go on, or fail the batch. Outages
 * (connection failures, timeouts, authentication) always fail the batch, so a restart redoes it.
 *
 * @param onSinkError        {@link OnSinkError#DEAD_LETTER} (the default) or {@link OnSinkError#FAIL}
 * @param maxRefusedFraction with DEAD_LETTER, the batch fails anyway when more than this fraction of a
 *                           batch of at least {@value RefusedRows#FRACTION_APPLIES_FROM_ROWS} rows is
 *                           refused: a sign that the sink does not match the data, not of bad records
 */
public record RefusalPolicy(OnSinkError onSinkError, double maxRefusedFraction) implements Serializable {

    /** Dead letters, failing past half of a batch. */
    public static final RefusalPolicy DEFAULT = new RefusalPolicy(OnSinkError.DEAD_LETTER, RefusedRows.DEFAULT_MAX_FRACTION);

    /** What a refused row does. */
    public enum OnSinkError {
        /** The row goes to the dead letter with the sink's name and the server's reason; the rest is written. */
        DEAD_LETTER,
        /** The batch fails and writes nothing; the restart meets the same row again. */
        FAIL
    }

    public RefusalPolicy {
        Objects.requireNonNull(onSinkError, "onSinkError");
        RefusedRows.requireFraction("max-refused-fraction", maxRefusedFraction);
    }

    public boolean deadLetters() {
        return onSinkError == OnSinkError.DEAD_LETTER;
    }
}
