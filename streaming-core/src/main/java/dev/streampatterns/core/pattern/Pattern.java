package dev.streampatterns.core.pattern;

import java.io.Serializable;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A pattern: a pure, named transformation of rows into rows. It never opens Kafka, a database or a
 * socket, so it runs the same on a stream, on one micro-batch, and in a test on the driver; its
 * constructor takes only semantic parameters (window, watermark, N, threshold).
 */
public interface Pattern extends Serializable {

    /** A short name, used for queries and checkpoints. */
    String name();

    Dataset<Row> apply(Dataset<Row> input);

    /**
     * This pattern, then {@code next} on its output: one pattern named {@code "<this>-then-<next>"}.
     * Composition is associative, so {@code a.andThen(b).andThen(c)} and {@code a.andThen(b.andThen(c))}
     * produce the same rows.
     */
    default Pattern andThen(Pattern next) {
        return new ComposedPattern(this, Objects.requireNonNull(next, "next"));
    }
}
