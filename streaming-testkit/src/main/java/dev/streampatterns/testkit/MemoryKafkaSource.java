package dev.streampatterns.testkit;

import dev.streampatterns.core.source.StreamSource;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.MemoryStream;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A job's source without a broker: records added here reach the job as Kafka records of one topic
 * and partition, with offsets from 0 in the order they are added, so a job's decoder, dead letters
 * and sinks run exactly as on Kafka. The records of one {@link #add} call land in one micro-batch.
 *
 * <p>Spark's in-memory stream does not survive a restart of the query; a test of recovery from a
 * checkpoint needs the real broker ({@code KafkaBrokerExtension}).
 */
public final class MemoryKafkaSource implements StreamSource {
    /** Spark's Kafka source schema, without {@code timestampType}, which no decoder reads. */
    public static final StructType SCHEMA = new StructType()
            .add("key", DataTypes.BinaryType)
            .add("value", DataTypes.BinaryType)
            .add("topic", DataTypes.StringType)
            .add("partition", DataTypes.IntegerType)
            .add("offset", DataTypes.LongType)
            .add("timestamp", DataTypes.TimestampType);

    private final SparkSession spark;
    private final String topic;
    private final MemoryStream<Row> stream;
    private long nextOffset;

    private MemoryKafkaSource(SparkSession spark, String topic) {
        this.spark = spark;
        this.topic = topic;
        this.stream = MemoryStream.apply(Encoders.row(SCHEMA), spark.sqlContext());
    }

    /** A source of records of {@code topic}, partition 0, for jobs on {@code spark}. */
    public static MemoryKafkaSource of(SparkSession spark, String topic) {
        return new MemoryKafkaSource(Objects.requireNonNull(spark, "spark"), Objects.requireNonNull(topic, "topic"));
    }

    /** Adds records with these values (no key), stamped with the time of the call; one micro-batch. */
    public void add(byte[]... values) {
        addKeyed(new byte[values.length][], values);
    }

    /**
     * Adds keyed records whose keys and values are these texts in UTF-8, {@code keysAndValues} in pairs
     * (a null key: no key); one micro-batch.
     */
    public void addKeyedText(String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values in pairs: " + keysAndValues.length + " texts");
        }
        byte[][] keys = new byte[keysAndValues.length / 2][];
        byte[][] values = new byte[keysAndValues.length / 2][];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = utf8(keysAndValues[2 * i]);
            values[i] = utf8(keysAndValues[2 * i + 1]);
        }
        addKeyed(keys, values);
    }

    private synchronized void addKeyed(byte[][] keys, byte[][] values) {
        Timestamp now = Timestamp.from(Instant.now());
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            rows.add(RowFactory.create(keys[i], values[i], topic, 0, nextOffset++, now));
        }
        stream.addData(CollectionConverters.asScala(rows));
    }

    private static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    /** Adds records whose values are these texts in UTF-8 (JSON, CSV). */
    public void addText(String... values) {
        byte[][] bytes = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = utf8(values[i]);
        }
        add(bytes);
    }

    @Override
    public Dataset<Row> readStream(SparkSession session) {
        if (session != spark) {
            throw new IllegalArgumentException("this source was made for another Spark session");
        }
        return stream.toDF();
    }
}
