package dev.streampatterns.core.source;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;

/**
 * A streaming Dataset of Kafka records (Spark's schema: {@code key, value, topic, partition,
 * offset, timestamp, timestampType}). Offsets are tracked by the query's checkpoint, not by a
 * consumer group, which is what lets a restarted query resume exactly where it stopped.
 */
public final class KafkaSource {
    private KafkaSource() {
    }

    public static Dataset<Row> readStream(SparkSession spark, KafkaSourceOptions options) {
        DataStreamReader reader = spark.readStream().format("kafka");
        options.toSparkOptions().forEach(reader::option);
        return reader.load();
    }

    /** The same records as a bounded batch, from the starting offsets to the latest (for backfills and tests). */
    public static Dataset<Row> read(SparkSession spark, KafkaSourceOptions options) {
        var reader = spark.read().format("kafka");
        options.toSparkOptions().forEach((key, value) -> {
            if (!key.equals("maxOffsetsPerTrigger")) {
                reader.option(key, value);
            }
        });
        return reader.load();
    }
}
