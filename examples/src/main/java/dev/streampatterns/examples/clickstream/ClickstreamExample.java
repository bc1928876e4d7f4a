package dev.streampatterns.examples.clickstream;

import dev.streampatterns.analytics.clickstream.ClickstreamColumns;
import dev.streampatterns.analytics.clickstream.ClickstreamJob;
import dev.streampatterns.analytics.clickstream.PageViews;
import dev.streampatterns.core.config.Config;
import dev.streampatterns.core.config.Setting;
import dev.streampatterns.core.config.Settings;
import dev.streampatterns.core.sink.BatchSink;
import dev.streampatterns.core.sink.ConsoleTable;
import dev.streampatterns.core.sink.DeadLetterSink;
import dev.streampatterns.core.sink.FileSink;
import dev.streampatterns.core.sink.KafkaSink;
import dev.streampatterns.core.sink.RefusedRows;
import dev.streampatterns.core.source.KafkaSource;
import dev.streampatterns.examples.BackgroundGenerator;
import dev.streampatterns.examples.ChapterEventClock;
import dev.streampatterns.examples.ChapterOptions;
import dev.streampatterns.examples.ChapterRun;
import dev.streampatterns.examples.CountingSink;
import dev.streampatterns.examples.ExampleSettings;
import dev.streampatterns.examples.KafkaConnection;
import dev.streampatterns.generators.ClickstreamDataset;
import dev.streampatterns.generators.EventClock;
import dev.streampatterns.generators.GeneratorReport;
import dev.streampatterns.servers.TempFolders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Clickstream analytics (SPEC sections 3 and 10, the seed {@code 002}): a seeded generator sends
 * clickstream events and transactions while four queries run together — page views per product and
 * minute (on the console), revenue per category and five minutes (Parquet under {@code --output-dir},
 * exactly once), conversions per product from the stream-stream join and closed sessions (Kafka
 * {@code analytics-results} and {@code analytics-sessions}) — with their state in RocksDB.
 */
public final class ClickstreamExample {
    static final String NAME = "clickstream";
    static final Setting<String> CLICKS_TOPIC = Setting.string("clicks-topic", ClickstreamDataset.DEFAULT_CLICKS_TOPIC,
            "topic of the clickstream events");
    static final Setting<String> TRANSACTIONS_TOPIC = Setting.string("transactions-topic",
            ClickstreamDataset.DEFAULT_TRANSACTIONS_TOPIC, "topic of the transactions");
    static final Setting<String> CONVERSIONS_TOPIC = Setting.string("conversions-topic",
            ClickstreamJob.DEFAULT_CONVERSIONS_TOPIC, "topic of the conversions per product and window (JSON, key = product)");
    static final Setting<String> SESSIONS_TOPIC = Setting.string("sessions-topic", ClickstreamJob.DEFAULT_SESSIONS_TOPIC,
            "topic of the closed sessions (JSON, key = session)");
    static final Setting<String> DEAD_LETTER_TOPIC = Setting.string("dead-letter-topic", "clickstream.dead-letter",
            "topic for events that cannot be decoded, and for what a sink refuses");
    static final Setting<Optional<String>> OUTPUT_DIR = Setting.optionalString("output-dir",
            "folder of the revenue's Parquet files (one folder per batch, exactly once); none: a temporary folder "
                    + "removed at the end");
    static final Setting<Long> EVENTS = ChapterRun.EVENTS.withDefault(6_000L);
    static final Setting<Double> RATE = ChapterRun.RATE.withDefault(100.0);
    static final ChapterEventClock EVENT_CLOCK = ChapterEventClock.of("event", Duration.ofMillis(500),
            "500ms: at 100 events/s, 50 minutes of event time in a minute, so windows and sessions close while you watch",
            Duration.ofMinutes(2), "within the 5-minute watermark: still counted");
    /** Where the state of the queries is kept. */
    enum StateStore { ROCKSDB, HDFS }

    static final Setting<StateStore> STATE_STORE = Setting.choice("state-store", StateStore.class, StateStore.ROCKSDB,
            "where the queries keep their state: ROCKSDB (off the heap), or HDFS, Spark's default in-memory store");

    static final Settings SETTINGS = new Settings("bin/run-example " + NAME,
            "Clickstream analytics from two Kafka topics: page views per product and minute with exact distinct users "
                    + "(console), revenue per category and 5 minutes in decimals (Parquet), conversions from a "
                    + "stream-stream join (Kafka), sessions closed after 30 minutes of event-time inactivity (Kafka) "
                    + "(SPEC sections 3 and 10).",
            ExampleSettings.with(CLICKS_TOPIC, TRANSACTIONS_TOPIC, CONVERSIONS_TOPIC, SESSIONS_TOPIC, DEAD_LETTER_TOPIC,
                    OUTPUT_DIR, EVENTS, RATE, ChapterRun.MALFORMED, ChapterRun.SEED, EVENT_CLOCK.step(),
                    EVENT_CLOCK.lateFraction(), EVENT_CLOCK.lateness(), STATE_STORE, ChapterRun.MODE,
                    ChapterRun.ON_SINK_ERROR, ChapterRun.MAX_REFUSED_FRACTION, ChapterRun.TRIGGER, ChapterRun.MAX_OFFSETS,
                    ChapterRun.STARTING_OFFSETS, ChapterRun.FOLLOW));

    /** The chapter's options, typed. */
    record Options(ChapterOptions chapter, String clicksTopic, String transactionsTopic, String conversionsTopic,
                   String sessionsTopic, String deadLetterTopic, Optional<Path> outputDir, EventClock eventClock,
                   StateStore stateStore) {
        static Options from(Config config) {
            return new Options(ChapterOptions.from(config), config.get(CLICKS_TOPIC), config.get(TRANSACTIONS_TOPIC),
                    config.get(CONVERSIONS_TOPIC), config.get(SESSIONS_TOPIC), config.get(DEAD_LETTER_TOPIC),
                    config.get(OUTPUT_DIR).map(Path::of), EVENT_CLOCK.from(config, ClickstreamDataset.DEFAULT_START),
                    config.get(STATE_STORE));
        }
    }

    private ClickstreamExample() {
    }

    public static void run(String[] args) throws Exception {
        ChapterRun.enter(SETTINGS, args, NAME, Options::from, ClickstreamExample::run);
    }

    private static void run(Options options) throws Exception {
        ChapterOptions chapter = options.chapter();
        Path revenueDir = options.outputDir().orElseGet(() -> TempFolders.create("clickstream-revenue-"));
        try (KafkaConnection kafka = KafkaConnection.open(chapter)) {
            kafka.ensureTopics(1, options.clicksTopic(), options.transactionsTopic(), options.conversionsTopic(),
                    options.sessionsTopic(), options.deadLetterTopic());
            String servers = kafka.bootstrapServers();
            BackgroundGenerator generated = BackgroundGenerator.start(servers, new ClickstreamDataset(options.eventClock(),
                    options.clicksTopic(), options.transactionsTopic()), chapter.generator(options.clicksTopic()),
                    chapter.events());
            DeadLetterSink deadLetters = DeadLetterSink.toKafka(servers, options.deadLetterTopic());
            AtomicLong conversions = new AtomicLong();
            AtomicLong sessions = new AtomicLong();
            ClickstreamJob job = new ClickstreamJob(new ClickstreamJob.Options(new PageViews(),
                    new dev.streampatterns.analytics.clickstream.CategoryRevenue(),
                    new dev.streampatterns.analytics.clickstream.Conversions(),
                    new dev.streampatterns.analytics.clickstream.Sessions(), chapter.mode(),
                    ClickstreamColumns.DEFAULT_MAX_CLOCK_SKEW, chapter.trigger(), options.stateStore() == StateStore.ROCKSDB),
                    new ClickstreamJob.Sinks(ClickstreamExample::printPageViews, FileSink.parquet(revenueDir),
                            CountingSink.of(conversions, toKafka(servers, options.conversionsTopic(), ClickstreamColumns.PRODUCT_ID,
                                    chapter, deadLetters)),
                            CountingSink.of(sessions, toKafka(servers, options.sessionsTopic(), ClickstreamColumns.SESSION_ID,
                                    chapter, deadLetters)), deadLetters));
            ChapterRun.run(chapter, NAME, options.clicksTopic(), generated, streaming -> job.start(streaming,
                    KafkaSource.stream(chapter.source(servers, options.clicksTopic())),
                    KafkaSource.stream(chapter.source(servers, options.transactionsTopic()))),
                    streaming -> System.out.print(revenue(streaming.spark(), revenueDir)));
            GeneratorReport sent = generated.report();
            System.out.printf(Locale.ROOT, "Done: %,d events generated (clickstream and transactions) and %,d malformed "
                            + "(in %s with their reasons); %,d conversion rows to %s, %,d closed sessions to %s; revenue "
                            + "in %s%s. The windows and sessions still open at the end are not published.%n",
                    sent.validSent(), sent.malformedSent(), options.deadLetterTopic(), conversions.get(),
                    options.conversionsTopic(), sessions.get(), options.sessionsTopic(), revenueDir,
                    options.outputDir().isPresent() ? "" : " (temporary: give --output-dir to keep it)");
        } finally {
            if (options.outputDir().isEmpty()) {
                TempFolders.deleteRecursively(revenueDir);
            }
        }
    }

    private static BatchSink toKafka(String servers, String topic, String key, ChapterOptions chapter,
                                     DeadLetterSink deadLetters) {
        return KafkaSink.to(servers, topic, KafkaSink.KEY, KafkaSink.VALUE)
                .withRefusalPolicy(chapter.refusalPolicy(), deadLetters, RefusedRows.SourceColumns.NONE).asJson(key);
    }

    /** A batch's closed minutes of page views, as a table; nothing for a batch that closed none. */
    private static void printPageViews(Dataset<Row> batch, long batchId) {
        List<Row> rows = batch.orderBy(ClickstreamColumns.WINDOW_START, ClickstreamColumns.PRODUCT_ID).collectAsList();
        if (!rows.isEmpty()) {
            System.out.printf(Locale.ROOT, "Page views, batch %d: %d row(s), one per closed minute and product%n%s", batchId,
                    rows.size(), ConsoleTable.render(ClickstreamColumns.PAGE_VIEWS, rows));
        }
    }

    /** The revenue read back from its Parquet files: every window once, whatever the batches. */
    private static String revenue(SparkSession spark, Path dir) {
        if (!Files.isDirectory(dir) || !hasParquet(dir)) {
            return "Revenue: no window closed yet.\n";
        }
        List<Row> rows = spark.read().parquet(dir.toString())
                .select(java.util.Arrays.stream(ClickstreamColumns.REVENUE.fieldNames()).map(functions::col)
                        .toArray(org.apache.spark.sql.Column[]::new))
                .orderBy(functions.col(ClickstreamColumns.WINDOW_START), functions.col(ClickstreamColumns.CATEGORY))
                .collectAsList();
        return String.format(Locale.ROOT, "Revenue per category, read back from the Parquet files in %s:%n%s", dir,
                ConsoleTable.render(ClickstreamColumns.REVENUE, rows));
    }

    private static boolean hasParquet(Path dir) {
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            return files.anyMatch(file -> file.toString().endsWith(".parquet"));
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
