package dev.streampatterns.core.source;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Where a job's records come from, injected like its sinks: a streaming Dataset with Kafka's columns
 * ({@code key, value, topic, partition, offset, timestamp}), which every decoder reads. Kafka is one
 * source ({@link KafkaSource#stream}); the testkit's {@code MemoryKafkaSource} is another, so a job
 * runs in a test without a broker. Called on the driver when the job starts.
 */
@FunctionalInterface
public interface StreamSource {
    Dataset<Row> readStream(SparkSession spark);
}
