package dev.streampatterns.core.sink;

import dev.streampatterns.core.decode.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Rows a sink refused, as {@link DeadLetter} rows for the job's dead-letter sink: the refused row as
 * JSON in {@code value}, the reason naming the sink and the server's message, and where the row's
 * record was read when the row carries it (its source topic, partition and offset columns).
 */
public final class RefusedRows {
    /** The fraction of a batch's rows a sink may refuse before it fails the batch instead, by default. */
    public static final double DEFAULT_MAX_FRACTION = 0.5;
    /** The fraction limit applies to batches of at least this many rows: one bad record alone is never a schema mismatch. */
    public static final int FRACTION_APPLIES_FROM_ROWS = 20;

    private RefusedRows() {
    }

    /**
     * Whether {@code refused} of {@code rows} is more than a batch of bad records would give: more
     * than {@code maxFraction} of a batch of at least {@link #FRACTION_APPLIES_FROM_ROWS} rows, a sign
     * that the sink does not match the data.
     */
    public static boolean tooMany(long refused, long rows, double maxFraction) {
        return rows >= FRACTION_APPLIES_FROM_ROWS && refused > maxFraction * rows;
    }

    /** Checks a fraction option; the message names {@code option}. */
    public static double requireFraction(String option, double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new dev.streampatterns.core.job.ConfigException(option + ": " + fraction + " is not between 0 and 1");
        }
        return fraction;
    }

    /** Which columns of a sink's rows say where each row's record was read; any of them may be null. */
    public record SourceColumns(String topic, String partition, String offset) implements java.io.Serializable {
        public static final SourceColumns NONE = new SourceColumns(null, null, null);
    }

    /** The refused rows as dead letters; {@code sinkDescription} heads every reason. */
    public static Dataset<Row> asDeadLetters(SparkSession spark, String sinkDescription, List<RefusedRow> refused,
                                             SourceColumns source) {
        List<Row> letters = new ArrayList<>(refused.size());
        for (RefusedRow refusedRow : refused) {
            Row row = refusedRow.row();
            Object topic = value(row, source.topic());
            Object partition = value(row, source.partition());
            Object offset = value(row, source.offset());
            letters.add(RowFactory.create(
                    topic == null ? null : topic.toString(),
                    partition instanceof Number p ? p.intValue() : null,
                    offset instanceof Number o ? o.longValue() : null,
                    null,
                    null,
                    json(row).getBytes(StandardCharsets.UTF_8),
                    "refused by " + sinkDescription + ": " + refusedRow.reason()));
        }
        return spark.createDataFrame(letters, DeadLetter.SCHEMA);
    }

    private static Object value(Row row, String column) {
        if (column == null || row.schema() == null || !Arrays.asList(row.schema().fieldNames()).contains(column)) {
            return null;
        }
        return row.get(row.fieldIndex(column));
    }

    private static String json(Row row) {
        try {
            return row.json();
        } catch (RuntimeException e) {
            return row.toString(); // a row without a schema: no field names to write
        }
    }
}
