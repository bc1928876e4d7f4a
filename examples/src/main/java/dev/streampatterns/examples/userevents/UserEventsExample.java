package dev.streampatterns.examples.userevents;

import dev.streampatterns.analytics.userevents.TopUsersByValue;
import dev.streampatterns.analytics.userevents.UserEventColumns;
import dev.streampatterns.analytics.userevents.UserEventsSummary;
import dev.streampatterns.core.batch.BatchRun;
import dev.streampatterns.core.decode.DecodeMode;
import dev.streampatterns.core.decode.ProtobufDecoder;
import dev.streampatterns.core.job.Config;
import dev.streampatterns.core.job.Setting;
import dev.streampatterns.core.job.Settings;
import dev.streampatterns.core.job.StreamingJob;
import dev.streampatterns.core.sink.DeadLetterSink;
import dev.streampatterns.core.source.KafkaSourceOptions;
import dev.streampatterns.examples.ExampleSettings;
import dev.streampatterns.examples.KafkaConnection;
import dev.streampatterns.generators.Generator;
import dev.streampatterns.generators.GeneratorOptions;
import dev.streampatterns.generators.GeneratorReport;
import dev.streampatterns.generators.ProducerFactory;
import dev.streampatterns.generators.UserEventsDataset;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chapter "user events with protobuf" (exercise 5): a seeded generator sends protobuf user events to
 * Kafka, and a Spark job prints per-batch analytics in the exercise's format, with malformed records
 * counted and sent to a dead-letter topic.
 */
public final class UserEventsExample {
    private static final Logger LOG = LoggerFactory.getLogger(UserEventsExample.class);

    static final Setting<String> TOPIC = Setting.string("topic", UserEventsDataset.DEFAULT_TOPIC, "input topic");
    static final Setting<String> DEAD_LETTER_TOPIC = Setting.string("dead-letter-topic", "user-events.dead-letter",
            "topic for records that cannot be decoded");
    static final Setting<Long> EVENTS = Setting.longValue("events", 50, 0, 1_000_000_000L,
            "user events to generate (0: generate none, only consume)");
    static final Setting<Double> RATE = Setting.doubleValue("rate", 0, 0, 10_000_000,
            "events per second sent by the generator (0: as fast as possible, sent before the query starts)");
    static final Setting<Double> MALFORMED = Setting.doubleValue("malformed-fraction", 0.04, 0, 1,
            "malformed records injected per valid event (0.04 with 50 events: 2)");
    static final Setting<Long> SEED = Setting.longValue("seed", GeneratorOptions.DEFAULT_SEED, Long.MIN_VALUE,
            Long.MAX_VALUE, "generator seed: the same seed sends the same events");
    static final Setting<Integer> USERS = Setting.intValue("users", UserEventsDataset.DEFAULT_USERS, 1, 1_000_000,
            "distinct users user1..userN");
    static final Setting<Integer> TOP_N = Setting.intValue("top-n", TopUsersByValue.DEFAULT_N, 1, 1000,
            "how many users the top table shows");
    static final Setting<Integer> SAMPLE_ROWS = Setting.intValue("sample-rows", 5, 0, 1000, "sample rows per batch");
    static final Setting<DecodeMode> MODE = Setting.choice("mode", DecodeMode.class, DecodeMode.PERMISSIVE,
            "what a malformed record does: PERMISSIVE sends it to the dead letter, FAILFAST stops the query");
    static final Setting<Duration> TRIGGER = Setting.duration("trigger", Duration.ofSeconds(1), "micro-batch interval");
    static final Setting<Boolean> FOLLOW = Setting.bool("follow", false,
            "keep consuming after the generated events are processed, until Ctrl-C");

    static final Settings SETTINGS = new Settings("run-example user-events",
            "Protobuf user events from Kafka, analysed per micro-batch on a cached batch (SPEC section 1).",
            ExampleSettings.with(TOPIC, DEAD_LETTER_TOPIC, EVENTS, RATE, MALFORMED, SEED, USERS, TOP_N,
                    SAMPLE_ROWS, MODE, TRIGGER, FOLLOW));

    private UserEventsExample() {
    }

    public static void run(String[] args) throws Exception {
        if (Settings.wantsHelp(args)) {
            System.out.print(SETTINGS.help());
            return;
        }
        Config config = SETTINGS.load(args);
        LOG.info("user-events example: {}", config.describeOverrides());
        try (KafkaConnection kafka = KafkaConnection.open(config.get(ExampleSettings.BOOTSTRAP_SERVERS))) {
            kafka.ensureTopics(1, config.get(TOPIC), config.get(DEAD_LETTER_TOPIC));
            CompletableFuture<GeneratorReport> generated = generate(config, kafka.bootstrapServers());
            if (config.get(RATE) == 0) {
                generated.get(); // all events first: one batch, as in the exercise
            }
            consume(config, kafka, generated);
        }
    }

    private static CompletableFuture<GeneratorReport> generate(Config config, String bootstrapServers) {
        if (config.get(EVENTS) == 0) {
            return CompletableFuture.completedFuture(null);
        }
        GeneratorOptions options = GeneratorOptions.builder().topic(config.get(TOPIC)).seed(config.get(SEED))
                .maxEvents(config.get(EVENTS)).eventsPerSecond(config.get(RATE))
                .malformedFraction(config.get(MALFORMED)).build();
        return CompletableFuture.supplyAsync(() -> {
            try (KafkaProducer<byte[], byte[]> producer = ProducerFactory.create(bootstrapServers, Map.of())) {
                GeneratorReport report = new Generator(producer, new UserEventsDataset(config.get(USERS)), options).run();
                LOG.info(String.format(Locale.ROOT, "generator: %,d events and %,d malformed records sent to %s in %.1f s",
                        report.validSent(), report.malformedSent(), config.get(TOPIC), report.elapsed().toMillis() / 1000.0));
                return report;
            }
        });
    }

    private static void consume(Config config, KafkaConnection kafka, CompletableFuture<GeneratorReport> generated)
            throws Exception {
        SparkSession spark = ExampleSettings.spark(config, "user-events");
        ProtobufDecoder decoder = ProtobufDecoder.forDescriptorResource("/protobuf/schemas.desc",
                UserEventColumns.MESSAGE_NAME).withMode(config.get(MODE));
        DeadLetterSink deadLetters = DeadLetterSink.toKafka(kafka.bootstrapServers(), config.get(DEAD_LETTER_TOPIC));
        Totals totals = new Totals();
        int topN = config.get(TOP_N);
        UserEventsPipeline pipeline = new UserEventsPipeline(decoder, new TopUsersByValue(topN), config.get(SAMPLE_ROWS),
                deadLetters, summary -> {
                    System.out.print(summary.render(topN));
                    totals.add(summary);
                }, totals::add);
        KafkaSourceOptions source = KafkaSourceOptions.builder().bootstrapServers(kafka.bootstrapServers())
                .topics(config.get(TOPIC)).startingOffsets("earliest").build();

        try (StreamingJob job = StreamingJob.create(spark, ExampleSettings.checkpoints(config))) {
            pipeline.start(job, source, config.get(TRIGGER));
            if (config.get(FOLLOW)) {
                LOG.info("following topic {}; press Ctrl-C to stop", config.get(TOPIC));
                job.awaitAnyTermination();
            } else {
                generated.get();
                job.processAllAvailable();
            }
        } finally {
            // Before the in-process broker goes: Spark's cached Kafka producers would retry against it.
            spark.stop();
        }
        System.out.println(totals.describe(deadLetters.destination()));
    }

    /** What the run did, for the closing line. */
    private static final class Totals {
        private final AtomicLong batches = new AtomicLong();
        private final AtomicLong rows = new AtomicLong();
        private final AtomicLong deadLetters = new AtomicLong();
        private final AtomicLong decodes = new AtomicLong();

        void add(UserEventsSummary summary) {
            batches.incrementAndGet();
            rows.addAndGet(summary.rows());
            deadLetters.addAndGet(summary.deadLetters());
        }

        void add(BatchRun run) {
            decodes.addAndGet(run.decodes());
        }

        String describe(String deadLetterDestination) {
            long read = rows.get() + deadLetters.get();
            return String.format(Locale.ROOT, "Done: %,d events in %,d batch(es); %,d dead letters sent to %s; "
                    + "%,d records read, %,d decoded (each once, however many analyses read the cached batch).",
                    rows.get(), batches.get(), deadLetters.get(), deadLetterDestination, read, decodes.get());
        }
    }
}
