package dev.streampatterns.core.sink;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Prints each batch as a titled table under the batch header, at most {@code maxRows} rows.
 * For eyes only: no delivery guarantee beyond "printed when the batch ran", and a replayed batch
 * prints again.
 */
public final class ConsoleSink implements BatchSink {
    private static final long serialVersionUID = 1L;
    private final String title;
    private final int maxRows;

    public ConsoleSink(String title, int maxRows) {
        if (maxRows <= 0) {
            throw new IllegalArgumentException("maxRows must be positive: " + maxRows);
        }
        this.title = title;
        this.maxRows = maxRows;
    }

    @Override
    public void write(Dataset<Row> batch, long batchId) {
        ConsoleReport.forBatch(batchId)
                .line("Rows in this batch: " + batch.count())
                .table(title, batch, maxRows)
                .print(System.out);
    }
}
