package dev.streampatterns.core.sink;

import java.io.Serializable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Where the rows of one micro-batch go. The batch id is part of every write: Spark hands the same
 * id again when it replays a batch after a failure, and a sink that remembers the ids it committed
 * can make the replay a no-op. Each sink's Javadoc states its delivery guarantee.
 *
 * <p>A write that cannot complete throws, so the batch fails and is redone on restart; a sink never
 * swallows a failure.
 */
@FunctionalInterface
public interface BatchSink extends Serializable {
    void write(Dataset<Row> batch, long batchId) throws Exception;
}
