package dev.streampatterns.benchmarks;

import dev.streampatterns.analytics.userevents.UserEventColumns;
import dev.streampatterns.core.decode.ProtobufDecoder;
import dev.streampatterns.core.job.SparkSessionFactory;
import dev.streampatterns.core.source.KafkaSourceOptions;
import dev.streampatterns.generators.Generator;
import dev.streampatterns.generators.GeneratorOptions;
import dev.streampatterns.generators.GeneratorReport;
import dev.streampatterns.generators.OrdersDataset;
import dev.streampatterns.generators.ProducerFactory;
import dev.streampatterns.generators.RecordFactory;
import dev.streampatterns.generators.UserEventsDataset;
import dev.streampatterns.schemas.proto.UserEvent;
import dev.streampatterns.servers.EmbeddedKafkaBroker;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.spark.sql.SparkSession;

/**
 * What the scenarios of one run share: the options, one in-process broker, one Spark session, the
 * user-events topic loaded once, and the heap meter. Started lazily, closed once at the end.
 */
final class BenchmarkContext implements AutoCloseable {
    /** The descriptor set the example ships and decodes with. */
    static final String DESCRIPTOR_RESOURCE = "/protobuf/schemas.desc";

    private final BenchmarkOptions options;
    private final Consumer<String> log;
    private final HeapMeter heap = new HeapMeter();
    private final AtomicInteger topics = new AtomicInteger();
    private EmbeddedKafkaBroker broker;
    private SparkSession spark;
    private String sparkMaster;
    private String userEventsTopic;
    private String ordersTopic;

    BenchmarkContext(BenchmarkOptions options, Consumer<String> log) {
        this.options = options;
        this.log = log;
    }

    BenchmarkOptions options() {
        return options;
    }

    HeapMeter heap() {
        return heap;
    }

    void log(String line) {
        log.accept(line);
    }

    synchronized String bootstrapServers() {
        if (broker == null) {
            broker = EmbeddedKafkaBroker.start();
        }
        return broker.bootstrapServers();
    }

    synchronized SparkSession spark() {
        return sparkOn(options.master(), Map.of());
    }

    /**
     * The run's Spark session on {@code master} with {@code conf}: the current one if it runs there,
     * else the current one is stopped (one SparkContext per JVM) and a new one started.
     */
    synchronized SparkSession sparkOn(String master, Map<String, String> conf) {
        if (spark != null && master.equals(sparkMaster)) {
            return spark;
        }
        if (spark != null) {
            spark.stop();
        }
        SparkSessionFactory factory = SparkSessionFactory.builder().appName("benchmarks").master(master)
                // The latency run maps every batch to its offsets; keep the progress of all of them.
                .conf("spark.sql.streaming.numRecentProgressUpdates", "100000");
        conf.forEach(factory::conf);
        spark = factory.getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        sparkMaster = master;
        return spark;
    }

    /** A new topic with the benchmark's partitions; the name is unique within the run. */
    String newTopic(String purpose) {
        String name = "bench." + purpose + "." + topics.incrementAndGet();
        bootstrapServers();
        broker.createTopic(name, options.partitions());
        return name;
    }

    /** A Kafka source of a topic, from its earliest offset, with the source's defaults (as the example uses it). */
    KafkaSourceOptions source(String topic) {
        return source(topic, Map.of());
    }

    /** A Kafka source of a topic, from its earliest offset, with consumer settings ({@code kafka.*}). */
    KafkaSourceOptions source(String topic, Map<String, String> consumerSettings) {
        KafkaSourceOptions.Builder builder = KafkaSourceOptions.builder().bootstrapServers(bootstrapServers())
                .topics(topic).startingOffsets("earliest");
        consumerSettings.forEach(builder::kafka);
        return builder.build();
    }

    /** The decoder the user-events pipeline runs with ({@code --decoder}). */
    ProtobufDecoder pipelineDecoder() {
        return decoder(options.decoder());
    }

    static ProtobufDecoder decoder(BenchmarkOptions.DecoderKind kind) {
        return kind == BenchmarkOptions.DecoderKind.DESCRIPTOR
                ? ProtobufDecoder.forDescriptorResource(DESCRIPTOR_RESOURCE, UserEventColumns.MESSAGE_NAME)
                : ProtobufDecoder.forGeneratedClass(UserEvent.class);
    }

    UserEventsDataset dataset() {
        return new UserEventsDataset(options.users());
    }

    /** Generator options for {@code events} events to {@code topic}, unthrottled, with the run's seed. */
    GeneratorOptions.Builder generatorOptions(String topic, long events) {
        return GeneratorOptions.builder().topic(topic).seed(options.seed()).maxEvents(events)
                .progressInterval(java.time.Duration.ofMinutes(10));
    }

    /** Sends user events with the generators' producer setup; blocks until every record is acknowledged. */
    GeneratorReport generate(GeneratorOptions generatorOptions) {
        return generate(dataset(), generatorOptions);
    }

    /** Sends a dataset's records with the generators' producer setup; blocks until every record is acknowledged. */
    GeneratorReport generate(RecordFactory records, GeneratorOptions generatorOptions) {
        try (KafkaProducer<byte[], byte[]> producer = ProducerFactory.create(bootstrapServers(), Map.of())) {
            return new Generator(producer, records, generatorOptions).run();
        }
    }

    /** The topic of {@code --events} JSON orders, none late or malformed, loaded once per run and then only read. */
    synchronized String ordersTopic() {
        if (ordersTopic == null) {
            String topic = newTopic("orders");
            GeneratorReport report = generate(new OrdersDataset(), generatorOptions(topic, options.events())
                    .malformedFraction(0).build());
            log(String.format(Locale.ROOT, "loaded %,d orders into %s (%d partitions) in %.1f s",
                    report.validSent(), topic, options.partitions(), report.elapsed().toMillis() / 1000.0));
            ordersTopic = topic;
        }
        return ordersTopic;
    }

    /** The topic of {@code --events} user events, loaded once per run by the generator and then only read. */
    synchronized String userEventsTopic() {
        if (userEventsTopic == null) {
            String topic = newTopic("user-events");
            GeneratorReport report = generate(generatorOptions(topic, options.events()).build());
            log(String.format(Locale.ROOT, "loaded %,d user events into %s (%d partitions) in %.1f s",
                    report.validSent(), topic, options.partitions(), report.elapsed().toMillis() / 1000.0));
            userEventsTopic = topic;
        }
        return userEventsTopic;
    }

    /** The machine's one-minute load average, as {@code uptime} shows it. */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** CPU time used so far by every thread of this JVM. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    @Override
    public synchronized void close() {
        heap.close();
        // Spark first: its cached Kafka consumers would otherwise retry against a stopped broker.
        if (spark != null) {
            spark.stop();
        }
        if (broker != null) {
            broker.close();
        }
    }
}
