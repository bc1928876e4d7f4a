package dev.streampatterns.core.decode;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.functions;
import scala.concurrent.Await;
import scala.concurrent.duration.FiniteDuration;

/**
 * The dead letters of a batch, counted by the pass that reads its valid records anyway, instead of a
 * Spark job of their own: about 40 ms less per micro-batch of a small stream (docs/BENCHMARKS.md).
 *
 * <pre>{@code
 * DeadLetterCount deadLetters = DeadLetterCount.of(DecodedRows.of(batch));
 * List<Row> totals = totalsOf(deadLetters.rows().valid()).collectAsList(); // reads every record
 * long malformed = deadLetters.count();
 * }</pre>
 *
 * <p>It is one of Spark's observed metrics ({@link Observation}): counted while the <em>first</em>
 * action on {@link #rows()}, or on any view of them, runs. That action must read every record (an
 * aggregation, a write, a count); a {@code limit} or a sample reads part of them, and its count
 * would be part of the batch's. Each batch needs an instance of its own.
 *
 * <p>Exactness: like any Spark accumulator updated in a transformation, the count would include a
 * record twice if Spark had to run a stage again (an executor lost mid-batch on a cluster). The dead
 * letters themselves are not affected: only this figure.
 */
public final class DeadLetterCount {
    private static final Duration WAIT_FOR_METRICS = Duration.ofMinutes(1);
    private static final String DEAD_LETTERS = "dead_letters";

    private final Observation observation;
    private final DecodedRows rows;

    private DeadLetterCount(Observation observation, DecodedRows rows) {
        this.observation = observation;
        this.rows = rows;
    }

    /** Counts the dead letters of {@code decoded} (either layout) as they are read. */
    public static DeadLetterCount of(DecodedRows decoded) {
        Observation observation = new Observation();
        return new DeadLetterCount(observation, DecodedRows.of(decoded.all()
                .observe(observation, functions.count(decoded.deadLetterMarker()).as(DEAD_LETTERS))));
    }

    /** The rows to read: every record once, before {@link #count()}. */
    public DecodedRows rows() {
        return rows;
    }

    /**
     * The dead letters among the records, once the first action on {@link #rows()} has ended; it
     * waits for Spark to hand the metrics over (a listener's event, milliseconds after the action).
     *
     * @throws IllegalStateException when no action has read the rows
     */
    public long count() {
        try {
            scala.collection.immutable.Map<String, Object> metrics = Await.result(observation.future(),
                    FiniteDuration.apply(WAIT_FOR_METRICS.toMillis(), TimeUnit.MILLISECONDS));
            return ((Number) metrics.apply(DEAD_LETTERS)).longValue();
        } catch (TimeoutException e) {
            throw new IllegalStateException("the dead letters were not counted within " + WAIT_FOR_METRICS.toSeconds()
                    + " s: no action read the rows of this DeadLetterCount", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the dead-letter count", e);
        }
    }
}
