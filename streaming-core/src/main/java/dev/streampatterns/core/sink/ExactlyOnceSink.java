package dev.streampatterns.core.sink;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A sink that applies each batch of a query once, however often Spark replays it: it records every
 * committed {@link QueryBatch} (query id, batch id) under its own name, atomically with the batch's
 * data, and skips a batch it finds recorded.
 *
 * <p>Inside {@code foreachBatch}, {@link #write(Dataset, long)} takes the query id from the running
 * query. A job that writes outside a streaming query passes its own {@link QueryBatch}.
 */
public interface ExactlyOnceSink extends BatchSink {
    /** Writes the batch unless it was committed before; says which, and what was written. */
    SinkWrite write(Dataset<Row> batch, QueryBatch queryBatch);

    /** The sink's name, part of its commit records: keep it stable across restarts. */
    String name();

    @Override
    default void write(Dataset<Row> batch, long batchId) {
        write(batch, QueryBatch.current(batch.sparkSession(), batchId));
    }
}
