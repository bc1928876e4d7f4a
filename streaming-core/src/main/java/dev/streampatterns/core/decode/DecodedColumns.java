package dev.streampatterns.core.decode;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The columns of a decoded record: the Kafka coordinates kept for every record, the decoded
 * {@code payload}, and for a malformed record its raw bytes and the reason it could not be decoded.
 *
 * <p>The raw value is kept only for malformed records: a cached batch of valid records would
 * otherwise hold every record twice.
 */
public final class DecodedColumns {
    public static final String KEY = "key";
    public static final String VALUE = "value";
    public static final String TOPIC = "topic";
    public static final String PARTITION = "partition";
    public static final String OFFSET = "offset";
    public static final String TIMESTAMP = "timestamp";
    public static final String PAYLOAD = "payload";
    public static final String ERROR = "error";
    /** The struct of {@link DeadLetter} columns of {@code DecodedRows.compact(...)}, null on a valid record. */
    public static final String DEAD_LETTER = "dead_letter";

    /** The Kafka columns a decoder reads, in this order; any of them but {@code value} may be absent. */
    public static final StructType KAFKA_INPUT = new StructType(new StructField[] {
        DataTypes.createStructField(KEY, DataTypes.BinaryType, true),
        DataTypes.createStructField(VALUE, DataTypes.BinaryType, true),
        DataTypes.createStructField(TOPIC, DataTypes.StringType, true),
        DataTypes.createStructField(PARTITION, DataTypes.IntegerType, true),
        DataTypes.createStructField(OFFSET, DataTypes.LongType, true),
        DataTypes.createStructField(TIMESTAMP, DataTypes.TimestampType, true),
    });

    private DecodedColumns() {
    }

    /**
     * The Kafka columns of {@link #KAFKA_INPUT} selected from any input that has at least a
     * {@code value}: Spark's Kafka source, a test's in-memory rows, or a file of raw records.
     * A missing coordinate becomes null; {@code value} is cast to bytes.
     */
    public static Dataset<Row> selectKafkaInput(Dataset<Row> records) {
        List<String> present = Arrays.asList(records.columns());
        if (!present.contains(VALUE)) {
            throw new IllegalArgumentException("a decoder reads a 'value' column; the input has " + present);
        }
        Column[] columns = Arrays.stream(KAFKA_INPUT.fields())
                .map(field -> (present.contains(field.name()) ? col(field.name()) : lit(null))
                        .cast(field.dataType()).as(field.name()))
                .toArray(Column[]::new);
        return records.select(columns);
    }

    /** The schema of decoded records for a given payload schema. */
    public static StructType schema(StructType payload) {
        return KAFKA_INPUT
                .add(DataTypes.createStructField(PAYLOAD, payload, true))
                .add(DataTypes.createStructField(ERROR, DataTypes.StringType, true));
    }
}
