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
    private RefusedRows() {
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
