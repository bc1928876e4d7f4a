package dev.streampatterns.examples.userevents;

import dev.streampatterns.analytics.userevents.TopUsersByValue;
import dev.streampatterns.analytics.userevents.UserEventColumns;
import dev.streampatterns.analytics.userevents.UserEventsJob;
import dev.streampatterns.analytics.userevents.UserEventsSummary;
import dev.streampatterns.core.batch.BatchRun;
import dev.streampatterns.core.decode.ProtobufDecoder;
import dev.streampatterns.core.config.Config;
import dev.streampatterns.core.config.Setting;
import dev.streampatterns.core.config.Settings;
import dev.streampatterns.core.sink.DeadLetterSink;
import dev.streampatterns.core.source.KafkaSource;
import dev.streampatterns.core.source.KafkaSourceOptions;
import dev.streampatterns.examples.BackgroundGenerator;
import dev.streampatterns.examples.ChapterOptions;
import dev.streampatterns.examples.ChapterRun;
import dev.streampatterns.examples.ExampleSettings;
import dev.streampatterns.examples.KafkaConnection;
import dev.streampatterns.generators.UserEventsDataset;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
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
    static final Setting<Long> EVENTS = ChapterRun.EVENTS.withDefault(50L);
    static final Setting<Double> MALFORMED = ChapterRun.MALFORMED.withDefault(0.04);
    static final Setting<Integer> USERS = Setting.intValue("users", UserEventsDataset.DEFAULT_USERS, 1, 1_000_000,
            "distinct users user1..userN");
    static final Setting<Integer> TOP_N = Setting.intValue("top-n", TopUsersByValue.DEFAULT_N, 1, 1000,
            "how many users the top table shows");
    static final Setting<Integer> SAMPLE_ROWS = Setting.intValue("sample-rows", 5, 0, 1000, "sample rows per batch");

    static final Settings SETTINGS = new Settings("bin/run-example user-events",
            "Protobuf user events from Kafka, analysed per micro-batch on a cached batch (SPEC section 1).",
            ExampleSettings.with(TOPIC, DEAD_LETTER_TOPIC, EVENTS, ChapterRun.RATE, MALFORMED, ChapterRun.SEED, USERS, TOP_N,
                    SAMPLE_ROWS, ChapterRun.MODE, ChapterRun.TRIGGER, ChapterRun.STARTING_OFFSETS, ChapterRun.FOLLOW));

    /** The chapter's options, typed, read once from its settings. */
    record Options(ChapterOptions chapter, String topic, String deadLetterTopic, int users, int topN, int sampleRows) {
        static Options from(Config config) {
            return new Options(ChapterOptions.from(config), config.get(TOPIC), config.get(DEAD_LETTER_TOPIC),
                    config.get(USERS), config.get(TOP_N), config.get(SAMPLE_ROWS));
        }
    }

    private UserEventsExample() {
    }

    public static void run(String[] args) throws Exception {
        ChapterRun.enter(SETTINGS, args, "user-events", Options::from, UserEventsExample::run);
    }

    private static void run(Options options) throws Exception {
        ChapterOptions chapter = options.chapter();
        try (KafkaConnection kafka = KafkaConnection.open(chapter)) {
            kafka.ensureTopics(1, options.topic(), options.deadLetterTopic());
            // Unthrottled, all events are sent first: one batch, as in the exercise.
            BackgroundGenerator generated = BackgroundGenerator.start(kafka.bootstrapServers(),
                    new UserEventsDataset(options.users()), chapter.generator(options.topic()), chapter.events());
            consume(options, kafka, generated);
        }
    }

    private static void consume(Options options, KafkaConnection kafka, BackgroundGenerator generated)
            throws Exception {
        ChapterOptions chapter = options.chapter();
        ProtobufDecoder decoder = ProtobufDecoder.forDescriptorResource("/protobuf/schemas.desc",
                UserEventColumns.MESSAGE_NAME).withMode(chapter.mode());
        DeadLetterSink deadLetters = DeadLetterSink.toKafka(kafka.bootstrapServers(), options.deadLetterTopic());
        Totals totals = new Totals();
        UserEventsJob pipeline = new UserEventsJob(decoder, new TopUsersByValue(options.topN()), options.sampleRows(),
                deadLetters, summary -> {
                    System.out.print(summary.render(options.topN()));
                    totals.add(summary);
                }, totals::add);
        KafkaSourceOptions source = chapter.source(kafka.bootstrapServers(), options.topic());

        ChapterRun.run(chapter, "user-events", options.topic(), generated,
                job -> pipeline.start(job, KafkaSource.stream(source), chapter.trigger()));
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
