package dev.streampatterns.core.sink;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import dev.streampatterns.core.decode.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

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
            throw new dev.streampatterns.core.config.ConfigException(option + ": " + fraction + " is not between 0 and 1");
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

    /**
     * Refused rows still on the executors as dead letters, for a sink that finds them with a
     * predicate instead of one by one: the same layout as {@link #asDeadLetters(SparkSession, String,
     * List, SourceColumns)}, the row as JSON in {@code value}, {@code reason} per row.
     */
    public static Dataset<Row> asDeadLetters(Dataset<Row> refused, String sinkDescription, Column reason,
                                             SourceColumns source) {
        List<String> columns = Arrays.asList(refused.columns());
        return refused.select(
                sourceColumn(columns, source.topic(), DataTypes.StringType).as(DeadLetter.TOPIC),
                sourceColumn(columns, source.partition(), DataTypes.IntegerType).as(DeadLetter.PARTITION),
                sourceColumn(columns, source.offset(), DataTypes.LongType).as(DeadLetter.OFFSET),
                lit(null).cast(DataTypes.TimestampType).as(DeadLetter.TIMESTAMP),
                lit(null).cast(DataTypes.BinaryType).as(DeadLetter.KEY),
                to_json(struct(columns.stream().map(RefusedRows::quoted).toArray(Column[]::new)))
                        .cast(DataTypes.BinaryType).as(DeadLetter.VALUE),
                concat(lit("refused by " + sinkDescription + ": "), reason).as(DeadLetter.REASON));
    }

    private static Column sourceColumn(List<String> columns, String name, DataType type) {
        return name != null && columns.contains(name) ? quoted(name).cast(type) : lit(null).cast(type);
    }

    private static Column quoted(String name) {
        return col("`" + name.replace("`", "``") + "`");
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
