package dev.streampatterns.core.sink;

import java.io.PrintStream;
import org.apache.spark.sql.Dataset;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A per-batch console report in the format of the course exercise:
 * <pre>
 * ================ BATCH 1 ================
 * Rows in this batch: 50
 * Sample rows:
 * +------+------+-----+
 * ...
 * </pre>
 * Sections are collected and printed at once by {@link #print(PrintStream)}.
 */
public final class ConsoleReport {
    private final StringBuilder text = new StringBuilder();

    private ConsoleReport(long batchId) {
        text.append("================ BATCH ").append(batchId).append(" ================\n");
    }

    public static ConsoleReport forBatch(long batchId) {
        return new ConsoleReport(batchId);
    }

    public ConsoleReport line(String line) {
        text.append(line).append('\n');
        return this;
    }

    /** A titled table of at most {@code maxRows} rows of a (small) result. */
    public ConsoleReport table(String title, Dataset<Row> rows, int maxRows) {
        return table(title, rows.schema(), rows.limit(maxRows).collectAsList());
    }

    /** A titled table of rows already collected. */
    public ConsoleReport table(String title, StructType schema, List<Row> rows) {
        text.append(title).append('\n').append(ConsoleTable.render(schema, rows)).append('\n');
        return this;
    }

    public String text() {
        return text.toString();
    }

    public void print(PrintStream out) {
        out.print(text);
        out.flush();
    }
}
