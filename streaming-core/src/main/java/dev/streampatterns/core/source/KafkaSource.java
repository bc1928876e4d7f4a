package dev.streampatterns.core.source;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
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

    /**
     * The id of the Kafka cluster the options read from. With a record's topic, partition and offset
     * it names the record wherever it is archived: offsets alone repeat across clusters, and across
     * a topic deleted and created again. Fails within {@code timeout} naming the servers when the
     * cluster cannot be reached.
     */
    public static String clusterId(KafkaSourceOptions options, Duration timeout) {
        Map<String, Object> config = new HashMap<>();
        options.kafkaSettings().forEach((key, value) -> {
            String name = key.substring("kafka.".length());
            if (AdminClientConfig.configNames().contains(name)) {
                config.put(name, value);
            }
        });
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        try (Admin admin = Admin.create(config)) {
            return admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot reach the Kafka cluster at " + options.bootstrapServers()
                    + " within " + timeout.toSeconds() + " s (is --bootstrap-servers right?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking " + options.bootstrapServers() + " for its cluster id", e);
        }
    }
}
