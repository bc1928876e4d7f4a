package dev.streampatterns.servers;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.LeaderNotAvailableException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Features;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka cluster running inside the current JVM: one KRaft process that is both
 * broker and controller (node id 1), listening on {@code 127.0.0.1} only.
 *
 * <p>Every instance gets a fresh storage folder under {@code java.io.tmpdir} and a new cluster
 * id, so brokers never share data; {@link #close()} shuts the server down and deletes the folder.
 * The configuration suits one node (replication factor 1 for the internal topics, no initial
 * rebalance delay, auto-created single-partition topics); callers may override any of it with
 * {@link #start(Map)}, except the listeners, which this class owns.
 *
 * <p>Kafka's own logging goes through SLF4J and is left to whoever runs the broker: this class
 * configures no logging.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private static final int NODE_ID = 1;
    private static final String HOST = "127.0.0.1";
    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    /** Free ports are picked, released and then bound by Kafka: another process may win the race. */
    private static final int START_ATTEMPTS = 3;
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaRaftServer server;
    private final Path storage;
    private final int port;
    private Admin admin;
    private boolean closed;

    private EmbeddedKafkaBroker(KafkaRaftServer server, Path storage, int port) {
        this.server = server;
        this.storage = storage;
        this.port = port;
    }

    /** Starts a broker with the default single-node configuration on a free port. */
    public static EmbeddedKafkaBroker start() {
        return start(Map.of());
    }

    /**
     * Starts a broker on a free port with extra broker settings that override the defaults
     * (for example {@code log.retention.ms} or {@code message.max.bytes}).
     */
    public static EmbeddedKafkaBroker start(Map<String, String> extraBrokerConfig) {
        return start(0, extraBrokerConfig);
    }

    /**
     * Starts a broker whose client listener binds {@code 127.0.0.1:brokerPort}; {@code 0} picks a
     * free port. With a fixed port, a port already in use fails at once instead of being retried.
     *
     * @throws IllegalStateException if the broker cannot start
     */
    public static EmbeddedKafkaBroker start(int brokerPort, Map<String, String> extraBrokerConfig) {
        Objects.requireNonNull(extraBrokerConfig, "extraBrokerConfig");
        if (brokerPort < 0 || brokerPort > 65535) {
            throw new IllegalArgumentException("brokerPort must be within 0..65535, was " + brokerPort);
        }
        RuntimeException lastFailure = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                return startOnce(brokerPort == 0 ? freePort() : brokerPort, freePort(), extraBrokerConfig);
            } catch (RuntimeException e) {
                lastFailure = e;
                // Only a lost port race is worth another try; a fixed port that is taken stays taken.
                boolean fixedPortTaken = brokerPort != 0 && mentionsPort(e, brokerPort);
                if (!isBindFailure(e) || fixedPortTaken) {
                    break;
                }
                LOG.warn("Embedded Kafka broker could not bind its ports (attempt {} of {}), retrying",
                        attempt, START_ATTEMPTS, e);
            }
        }
        throw new IllegalStateException("Embedded Kafka broker failed to start", lastFailure);
    }

    private static EmbeddedKafkaBroker startOnce(int brokerPort, int controllerPort, Map<String, String> extra) {
        Path storage = TempFolders.create("embedded-kafka-");
        KafkaRaftServer server = null;
        try {
            Path logDir = storage.resolve("kraft-combined-logs");
            Properties props = brokerConfig(brokerPort, controllerPort, logDir, extra);
            format(logDir);
            server = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
            // startup() returns once the broker has registered with the controller and is unfenced,
            // so clients can use it straight away.
            server.startup();
            return new EmbeddedKafkaBroker(server, storage, brokerPort);
        } catch (RuntimeException e) {
            cleanUpFailedStart(server, storage, e);
            throw e;
        } catch (Exception e) {
            IllegalStateException failure = new IllegalStateException("Formatting Kafka storage failed", e);
            cleanUpFailedStart(server, storage, failure);
            throw failure;
        }
    }

    private static Properties brokerConfig(int brokerPort, int controllerPort, Path logDir, Map<String, String> extra) {
        Map<String, String> config = new HashMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", String.valueOf(NODE_ID));
        config.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        config.put("controller.listener.names", CONTROLLER_LISTENER);
        config.put("inter.broker.listener.name", BROKER_LISTENER);
        config.put("listener.security.protocol.map",
                BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        config.put("log.dirs", logDir.toString());
        config.put("metadata.log.dir", logDir.toString());

        // One node: internal topics cannot have more than one replica.
        config.put("offsets.topic.replication.factor", "1");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("min.insync.replicas", "1");
        config.put("default.replication.factor", "1");
        config.put("num.partitions", "1");
        config.put("auto.create.topics.enable", "true");
        // Keep every record for the broker's life: generated data often carries event times far in the
        // past, and time-based retention would delete it before a test or demo reads it.
        config.put("log.retention.ms", "-1");

        // Start and first use fast: no wait for more group members, one partition for each internal
        // topic instead of 50 (creating and loading them dominates the first consumer-group join),
        // quick heartbeats so the broker is unfenced sooner, few threads.
        config.put("group.initial.rebalance.delay.ms", "0");
        config.put("offsets.topic.num.partitions", "1");
        config.put("transaction.state.log.num.partitions", "1");
        config.put("broker.heartbeat.interval.ms", "500");
        config.put("num.network.threads", "2");
        config.put("num.io.threads", "2");
        config.put("num.recovery.threads.per.data.dir", "1");
        config.put("log.cleaner.threads", "1");
        config.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));

        config.putAll(extra);
        // The listeners decide where clients connect; they are not overridable.
        config.put("listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort + ","
                + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        config.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort);

        Properties props = new Properties();
        props.putAll(config);
        return props;
    }

    private static void format(Path logDir) throws Exception {
        new Formatter()
                .setNodeId(NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setDirectories(List.of(logDir.toString()))
                .setMetadataLogDirectory(logDir.toString())
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setSupportedFeatures(Features.PRODUCTION_FEATURES)
                // The formatter narrates to stdout; nobody needs that in a test run.
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .run();
    }

    /** Address for {@code bootstrap.servers}, {@code 127.0.0.1:port}. */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    /** The port of the client (PLAINTEXT) listener. */
    public int port() {
        return port;
    }

    /** The storage folder (log dirs and metadata log); deleted by {@link #close()}. */
    Path storage() {
        return storage;
    }

    /**
     * Creates a topic with replication factor 1 and waits until every partition has a leader.
     * Idempotent: an existing topic is left as it is (even if its partition count differs).
     */
    public void createTopic(String name, int partitions) {
        Objects.requireNonNull(name, "name");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
        }
        Admin client = admin();
        try {
            client.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
                    .all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Creating topic '" + name + "' failed", e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic '" + name + "'", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Creating topic '" + name + "' timed out after " + ADMIN_TIMEOUT, e);
        }
        awaitLeaders(client, name);
    }

    /**
     * The controller answers CreateTopics once the topic is committed to the metadata log; the
     * broker learns about it an instant later. Waiting for leaders here spares producers a round of
     * UNKNOWN_TOPIC_OR_PARTITION retries and consumers an empty first assignment.
     *
     * <p>A leader in the metadata is not yet a partition that takes writes: the broker's metadata
     * cache learns of it before its replica manager has made itself leader, and a produce in between
     * gets NOT_LEADER_OR_FOLLOWER. An idempotent producer with batches in flight can then wedge on
     * OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout (seen once on a loaded machine), so
     * the wait ends only when every partition's leader answers ListOffsets, which only the leader's
     * replica manager serves.
     */
    private static void awaitLeaders(Admin client, String name) {
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
        while (true) {
            try {
                TopicDescription description = client.describeTopics(List.of(name))
                        .allTopicNames().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(name);
                if (description.partitions().stream().map(TopicPartitionInfo::leader).allMatch(Objects::nonNull)) {
                    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                    description.partitions().forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest()));
                    client.listOffsets(latest).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException
                        || e.getCause() instanceof NotLeaderOrFollowerException
                        || e.getCause() instanceof LeaderNotAvailableException)) {
                    throw new IllegalStateException("Describing topic '" + name + "' failed", e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for topic '" + name + "'", e);
            } catch (TimeoutException e) {
                throw new IllegalStateException("Describing topic '" + name + "' timed out", e);
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new IllegalStateException("Topic '" + name + "' has no leader after " + ADMIN_TIMEOUT);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private synchronized Admin admin() {
        if (closed) {
            throw new IllegalStateException("Broker is closed");
        }
        if (admin == null) {
            admin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                    AdminClientConfig.CLIENT_ID_CONFIG, "embedded-kafka-admin-" + port));
        }
        return admin;
    }

    /**
     * Closes the admin client, shuts the server down, waits for it and deletes the storage folder.
     * Every step runs even if an earlier one fails; failures are logged and the first is rethrown
     * at the end. Calling it again does nothing.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<RuntimeException> failures = new ArrayList<>();
        if (admin != null) {
            runStep("closing the admin client", () -> admin.close(Duration.ofSeconds(10)), failures);
        }
        runStep("shutting down the broker", () -> {
            server.shutdown();
            server.awaitShutdown();
        }, failures);
        runStep("deleting " + storage, () -> TempFolders.deleteRecursively(storage), failures);
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
    }

    private static void runStep(String what, Runnable step, List<RuntimeException> failures) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.error("Embedded Kafka broker: {} failed", what, e);
            failures.add(e);
        }
    }

    private static void cleanUpFailedStart(KafkaRaftServer server, Path storage, Exception cause) {
        if (server != null) {
            try {
                server.shutdown();
                server.awaitShutdown();
            } catch (RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
        try {
            TempFolders.deleteRecursively(storage);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port on " + HOST, e);
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException
                    || (t.getMessage() != null && t.getMessage().contains("failed to bind"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean mentionsPort(Throwable e, int port) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(":" + port)) {
                return true;
            }
        }
        return false;
    }
}
