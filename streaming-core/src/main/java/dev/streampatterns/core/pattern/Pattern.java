package dev.streampatterns.core.pattern;

import java.io.Serializable;
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
}
