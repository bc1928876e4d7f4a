package dev.streampatterns.examples;

import dev.streampatterns.core.sink.BatchSink;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A chapter's sink that counts the rows it writes, for the closing lines. The batch is kept while it
 * is counted and written: a micro-batch of a stateful query would otherwise be computed twice.
 */
public final class CountingSink {
    private CountingSink() {
    }

    /** {@code sink}, adding the rows of every batch it writes to {@code rows}. */
    public static BatchSink of(AtomicLong rows, BatchSink sink) {
        return (batch, batchId) -> {
            Dataset<Row> kept = batch.persist();
            try {
                rows.addAndGet(kept.count());
                sink.write(kept, batchId);
            } finally {
                kept.unpersist(false);
            }
        };
    }
}
