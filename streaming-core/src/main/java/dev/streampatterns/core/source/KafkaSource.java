package dev.streampatterns.core.source;

import dev.streampatterns.core.job.CannotConnectException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.ClientDnsLookup;
import org.apache.kafka.clients.ClientUtils;
import org.apache.kafka.clients.admin.Admin;
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

    /** The topics of {@code options} as a job's source. */
    public static StreamSource stream(KafkaSourceOptions options) {
        java.util.Objects.requireNonNull(options, "options");
        return spark -> readStream(spark, options);
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
        return clusterId(options.bootstrapServers(), options.kafkaSettings(), timeout);
    }

    /**
     * Fails at once, without the admin client's retries and a warning for each, when none of the
     * bootstrap servers accepts a connection (a wrong port, a broker that is down).
     */
    private static void requireOneListening(String bootstrapServers, Duration timeout) {
        List<InetSocketAddress> addresses;
        try {
            addresses = ClientUtils.parseAndValidateAddresses(List.of(bootstrapServers.split(",")), ClientDnsLookup.USE_ALL_DNS_IPS);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new CannotConnectException("cannot use the Kafka cluster at " + bootstrapServers + ": " + e.getMessage(), e);
        }
        List<String> failures = new ArrayList<>();
        for (InetSocketAddress address : addresses) {
            try (Socket socket = new Socket()) {
                socket.connect(address, (int) Math.min(timeout.toMillis(), Integer.MAX_VALUE));
                return;
            } catch (IOException e) {
                failures.add(address.getHostString() + ":" + address.getPort() + " (" + e.getMessage() + ")");
            }
        }
        throw new CannotConnectException("cannot reach the Kafka cluster at " + bootstrapServers + ": "
                + String.join(", ", failures), null);
    }

    /**
     * The id of the Kafka cluster at {@code bootstrapServers}, asked with the admin-client settings
     * among {@code kafkaSettings} (security, for example): the check that a cluster is there before
     * a job starts.
     *
     * @throws CannotConnectException within {@code timeout} if the cluster cannot be reached
     */
    public static String clusterId(String bootstrapServers, Map<String, String> kafkaSettings, Duration timeout) {
        String unreachable = "cannot reach the Kafka cluster at " + bootstrapServers + " within " + timeout.toSeconds() + " s";
        requireOneListening(bootstrapServers, timeout);
        try (Admin admin = KafkaAdmins.create(bootstrapServers, kafkaSettings, timeout)) {
            return admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new CannotConnectException(unreachable, e);
        } catch (ExecutionException e) {
            // A timeout says no more than the line above; anything else (authentication, say) is the reason.
            Throwable cause = e.getCause();
            throw new CannotConnectException(cause instanceof org.apache.kafka.common.errors.TimeoutException
                    ? unreachable : unreachable + ": " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking " + bootstrapServers + " for its cluster id", e);
        }
    }
}
