package dev.streampatterns.examples;

import dev.streampatterns.core.job.CannotConnectException;
import dev.streampatterns.core.source.KafkaSource;
import dev.streampatterns.servers.EmbeddedKafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka an example talks to: the cluster given by {@code --bootstrap-servers}, or an in-process
 * KRaft broker on 127.0.0.1 that lives as long as the example.
 */
public final class KafkaConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaConnection.class);
    /** Long enough for a cluster across a network, short enough that a wrong address is said at once. */
    static final Duration REACHABLE_WITHIN = Duration.ofSeconds(10);
    private final String bootstrapServers;
    private final EmbeddedKafkaBroker embedded;

    private KafkaConnection(String bootstrapServers, EmbeddedKafkaBroker embedded) {
        this.bootstrapServers = bootstrapServers;
        this.embedded = embedded;
    }

    /**
     * Connects to the chapter's Kafka cluster once it answered within {@link #REACHABLE_WITHIN}, or
     * starts an in-process broker when none is given.
     *
     * @throws CannotConnectException naming the servers and the setting when they do not answer
     */
    public static KafkaConnection open(ChapterOptions options) {
        if (options.bootstrapServers().isPresent()) {
            String bootstrapServers = options.bootstrapServers().get();
            try {
                KafkaSource.clusterId(bootstrapServers, Map.of(), REACHABLE_WITHIN);
            } catch (CannotConnectException e) {
                throw e.setBy(options.bootstrapServersGivenBy());
            }
            LOG.info("using the Kafka cluster at {}", bootstrapServers);
            return new KafkaConnection(bootstrapServers, null);
        }
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
        LOG.info("started an in-process Kafka broker at {} (give --bootstrap-servers to use a cluster)",
                broker.bootstrapServers());
        return new KafkaConnection(broker.bootstrapServers(), broker);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    /** Creates the topics that do not exist yet (replication 1 in-process, the cluster's default otherwise). */
    public void ensureTopics(int partitions, String... topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            for (String topic : topics) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, java.util.Optional.of(partitions),
                            java.util.Optional.empty()))).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic + " on " + bootstrapServers
                                + ": " + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    @Override
    public void close() {
        if (embedded != null) {
            // Spark keeps its Kafka producers cached after the session stops; once the in-process broker
            // is gone they would warn that it cannot be reached. Expected here, so not shown.
            Configurator.setLevel("org.apache.kafka.clients.NetworkClient", Level.ERROR);
            embedded.close();
        }
    }
}
