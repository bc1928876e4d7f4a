package dev.streampatterns.core.decode;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A record that could not be decoded, as it goes to a dead-letter output: where it was read
 * ({@code topic, partition, offset}), its Kafka timestamp and key, its raw bytes untouched, and why
 * it was rejected. Nothing of the original record is lost, so it can be repaired and replayed.
 */
public final class DeadLetter {
    public static final String TOPIC = "topic";
    public static final String PARTITION = "partition";
    public static final String OFFSET = "offset";
    public static final String TIMESTAMP = "timestamp";
    public static final String KEY = "key";
    public static final String VALUE = "value";
    public static final String REASON = "reason";

    public static final StructType SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField(TOPIC, DataTypes.StringType, true),
        DataTypes.createStructField(PARTITION, DataTypes.IntegerType, true),
        DataTypes.createStructField(OFFSET, DataTypes.LongType, true),
        DataTypes.createStructField(TIMESTAMP, DataTypes.TimestampType, true),
        DataTypes.createStructField(KEY, DataTypes.BinaryType, true),
        DataTypes.createStructField(VALUE, DataTypes.BinaryType, true),
        DataTypes.createStructField(REASON, DataTypes.StringType, false),
    });

    private DeadLetter() {
    }
}
