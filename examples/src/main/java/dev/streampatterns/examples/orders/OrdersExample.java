package dev.streampatterns.examples.orders;

import dev.streampatterns.analytics.orders.OrderColumns;
import dev.streampatterns.analytics.orders.OrderTotals;
import dev.streampatterns.analytics.orders.OrdersJob;
import dev.streampatterns.core.config.Config;
import dev.streampatterns.core.config.Setting;
import dev.streampatterns.core.config.Settings;
import dev.streampatterns.core.sink.ConsoleTable;
import dev.streampatterns.core.sink.DeadLetterSink;
import dev.streampatterns.core.sink.jdbc.JdbcTarget;
import dev.streampatterns.core.sink.jdbc.SqlIdentifiers;
import dev.streampatterns.core.sink.redis.RedisEndpoint;
import dev.streampatterns.core.sink.redis.RedisPools;
import dev.streampatterns.core.source.KafkaSource;
import dev.streampatterns.core.source.KafkaSourceOptions;
import dev.streampatterns.examples.BackgroundGenerator;
import dev.streampatterns.examples.ChapterDatabase;
import dev.streampatterns.examples.ChapterEventClock;
import dev.streampatterns.examples.ChapterOptions;
import dev.streampatterns.examples.ChapterRedis;
import dev.streampatterns.examples.ChapterRun;
import dev.streampatterns.examples.ExampleSettings;
import dev.streampatterns.examples.KafkaConnection;
import dev.streampatterns.generators.EventClock;
import dev.streampatterns.generators.GeneratorReport;
import dev.streampatterns.generators.MalformedInjection;
import dev.streampatterns.generators.OrdersDataset;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import redis.clients.jedis.Jedis;

/**
 * Chapter 2 of the course, orders analytics (SPEC section 2): a seeded generator sends JSON orders
 * while the orders job totals them per product in 5-second event-time windows, upserts each closed
 * window into {@code order_summary} (MariaDB, PostgreSQL, or an embedded H2 by default) and adds it to
 * the running totals per product in Redis (when given), exactly once per batch. Each batch's closed
 * windows are printed as a table, the Redis totals at the end.
 */
public final class OrdersExample {
    static final Setting<String> TOPIC = Setting.string("topic", OrdersDataset.DEFAULT_TOPIC, "input topic");
    static final Setting<String> DEAD_LETTER_TOPIC = Setting.string("dead-letter-topic", "streaming.orders.dead-letter",
            "topic for orders that cannot be decoded, and for windows and totals a sink refuses");
    static final Setting<Long> EVENTS = ChapterRun.EVENTS.withDefault(200L);
    static final Setting<Double> RATE = ChapterRun.RATE.withDefault(20.0);
    static final Setting<Double> MALFORMED = ChapterRun.MALFORMED.withDefault(0.02);
    static final ChapterEventClock EVENT_CLOCK = ChapterEventClock.of("order", OrdersDataset.DEFAULT_STEP,
            "250ms: twenty orders per 5 s window", Duration.ofSeconds(3), "within the watermark: still counted");
    static final Setting<Duration> WINDOW = Setting.duration("window", OrderTotals.DEFAULT_WINDOW, Duration.ofMillis(1),
            "length of the tumbling event-time windows");
    static final Setting<Duration> WATERMARK = Setting.duration("watermark", OrderTotals.DEFAULT_WATERMARK,
            "how late an order may arrive and still be counted");
    static final Setting<Duration> MAX_CLOCK_SKEW = Setting.duration("max-clock-skew", OrderColumns.DEFAULT_MAX_CLOCK_SKEW,
            "an order stamped further ahead of the processing clock is a dead letter before it reaches the watermark");
    static final Setting<Optional<String>> JDBC_URL = Setting.optionalString("jdbc-url",
            "JDBC URL of the database (jdbc:mariadb:, jdbc:postgresql: or jdbc:h2:); none: --mariadb-host, else an "
                    + "embedded H2 database");
    static final Setting<String> JDBC_USER = Setting.string("jdbc-user", "", "user of --jdbc-url");
    static final Setting<String> JDBC_PASSWORD = Setting.string("jdbc-password", "", "password of --jdbc-url").secret();
    static final Setting<Optional<String>> MARIADB_HOST = Setting.optionalString("mariadb-host",
            "MariaDB host (the course's database); none: an embedded H2 database").alsoEnv("MARIADB_HOST");
    static final Setting<Integer> MARIADB_PORT = Setting.intValue("mariadb-port", 3306, 1, 65535, "MariaDB port")
            .alsoEnv("MARIADB_PORT");
    static final Setting<String> MARIADB_DB = Setting.validated("mariadb-db", "orders",
            name -> name.matches("[A-Za-z_][A-Za-z0-9_]{0,63}"), "letters, digits and _, at most 64", "MariaDB database")
            .alsoEnv("MARIADB_DATABASE");
    static final Setting<String> MARIADB_USER = Setting.string("mariadb-user", "root", "MariaDB user").alsoEnv("MARIADB_USER");
    static final Setting<String> MARIADB_PASSWORD = Setting.string("mariadb-password", "", "MariaDB password")
            .alsoEnv("MARIADB_PASSWORD").secret();
    static final Setting<String> TABLE = Setting.validated("table", OrderColumns.DEFAULT_TABLE,
            name -> name.matches("[A-Za-z_][A-Za-z0-9_]{0,40}"), "letters, digits and _, at most 41",
            "summary table (created when missing)");
    static final Setting<String> REDIS_KEY = Setting.string("redis-key", OrderColumns.DEFAULT_REDIS_KEY,
            "the hash of running totals: field = product, value = a decimal string");

    static final Settings SETTINGS = new Settings("bin/run-example chapter2-orders",
            "JSON orders from Kafka: total value and orders per product in 5-second event-time windows, into "
                    + "order_summary (MariaDB, PostgreSQL or embedded H2) and running totals in Redis, in decimals, "
                    + "exactly once (SPEC section 2).",
            ExampleSettings.with(TOPIC, DEAD_LETTER_TOPIC, EVENTS, RATE, MALFORMED, ChapterRun.SEED,
                    EVENT_CLOCK.step(), EVENT_CLOCK.lateFraction(), EVENT_CLOCK.lateness(), WINDOW, WATERMARK, MAX_CLOCK_SKEW, JDBC_URL, JDBC_USER, JDBC_PASSWORD,
                    MARIADB_HOST, MARIADB_PORT, MARIADB_DB, MARIADB_USER, MARIADB_PASSWORD, TABLE, ChapterDatabase.H2_DIR,
                    ChapterRedis.HOST, ChapterRedis.PORT, ChapterRedis.PASSWORD, REDIS_KEY, ChapterRun.MODE, ChapterRun.ON_SINK_ERROR,
                    ChapterRun.MAX_REFUSED_FRACTION, ChapterRun.TRIGGER, ChapterRun.MAX_OFFSETS,
                    ChapterRun.STARTING_OFFSETS, ChapterRun.FOLLOW));

    /**
     * The chapter's options, typed, read once from its settings; the servers are held as their
     * endpoints, whose passwords no {@code toString} shows.
     *
     * @param database the database server; empty: an embedded H2 database
     * @param h2Dir    the embedded database's folder, kept; empty: a temporary folder
     * @param redis    where the running totals go; empty: no totals
     */
    record Options(ChapterOptions chapter, String topic, String deadLetterTopic, EventClock eventClock,
                   OrderTotals pattern, Duration maxClockSkew, Optional<JdbcTarget> database, String table,
                   Optional<Path> h2Dir, Optional<RedisEndpoint> redis, String redisKey) {
        static Options from(Config config) {
            Optional<JdbcTarget> database = config.get(JDBC_URL)
                    .map(url -> JdbcTarget.of(url, config.get(JDBC_USER), config.get(JDBC_PASSWORD)))
                    .or(() -> config.get(MARIADB_HOST).map(host -> JdbcTarget.of("jdbc:mariadb://" + host + ":"
                            + config.get(MARIADB_PORT) + "/" + config.get(MARIADB_DB), config.get(MARIADB_USER),
                            config.get(MARIADB_PASSWORD))));
            return new Options(ChapterOptions.from(config), config.get(TOPIC), config.get(DEAD_LETTER_TOPIC),
                    EVENT_CLOCK.from(config, OrdersDataset.DEFAULT_START), new OrderTotals(config.get(WINDOW), config.get(WATERMARK)),
                    config.get(MAX_CLOCK_SKEW), database, SqlIdentifiers.require("table", config.get(TABLE)),
                    config.get(ChapterDatabase.H2_DIR).map(Path::of), ChapterRedis.endpoint(config), config.get(REDIS_KEY));
        }
    }

    private OrdersExample() {
    }

    public static void run(String[] args) throws Exception {
        ChapterRun.enter(SETTINGS, args, "chapter2-orders", Options::from, OrdersExample::run);
    }

    private static void run(Options options) throws Exception {
        try (ChapterDatabase database = ChapterDatabase.open(options.database(), JDBC_URL.givenBy() + " or "
                + MARIADB_HOST.givenBy() + " (and the other --jdbc-* or --mariadb-* settings)", options.h2Dir(),
                "orders-h2-")) {
            ChapterRedis.requireReachable(options.redis());
            ChapterOptions chapter = options.chapter();
            try (KafkaConnection kafka = KafkaConnection.open(chapter)) {
                kafka.ensureTopics(1, options.topic(), options.deadLetterTopic());
                BackgroundGenerator generated = BackgroundGenerator.start(kafka.bootstrapServers(),
                        new OrdersDataset(options.eventClock()), chapter.generator(options.topic()), chapter.events());
                Totals totals = new Totals();
                DeadLetterSink deadLetters = DeadLetterSink.toKafka(kafka.bootstrapServers(), options.deadLetterTopic());
                OrdersJob orders = new OrdersJob(options.pattern(), OrdersJob.sinks(database.target(), options.table(),
                        options.redis().orElse(null), options.redisKey(), deadLetters, chapter.refusalPolicy()),
                        chapter.mode(), options.maxClockSkew(), report -> System.out.print(totals.add(report)));
                KafkaSourceOptions source = chapter.source(kafka.bootstrapServers(), options.topic());
                ChapterRun.run(chapter, "chapter2-orders", options.topic(), generated,
                        job -> orders.start(job, KafkaSource.stream(source), chapter.trigger()));
                System.out.print(totals.describe(options, database.target(), generated.report()));
            }
        }
    }

    /** What the run published, from the batches' reports, and the closing lines. */
    private static final class Totals {
        private final AtomicLong windows = new AtomicLong();
        private final AtomicLong orders = new AtomicLong();
        private final AtomicLong refused = new AtomicLong();
        private final AtomicLong totalsRefused = new AtomicLong();

        /** Counts a batch and gives its lines: the windows it closed, as a table. */
        String add(OrdersJob.BatchReport report) {
            refused.addAndGet(report.refused());
            totalsRefused.addAndGet(report.totalsRefused());
            if (report.windows().isEmpty()) {
                return "";
            }
            windows.addAndGet(report.windows().size());
            report.windows().forEach(row -> orders.addAndGet(row.getLong(row.fieldIndex(OrderColumns.ORDER_COUNT))));
            List<Row> sorted = new ArrayList<>(report.windows());
            sorted.sort(Comparator.comparing((Row row) -> row.getTimestamp(0)).thenComparing(row -> row.getString(2)));
            return String.format(Locale.ROOT, "Batch %d closed %d window(s)%s:%n%s", report.batchId(), sorted.size(),
                    report.replaySkipped() ? " (a replay: the table had them, nothing written again)" : "",
                    ConsoleTable.render(OrderColumns.SUMMARY, sorted));
        }

        String describe(Options options, JdbcTarget database, GeneratorReport sent) {
            StringBuilder out = new StringBuilder(sent.validSent() == 0
                    ? String.format(Locale.ROOT, "Done: no orders generated (--events 0); the job read what %s held.%n",
                            options.topic())
                    : String.format(Locale.ROOT, "Done: %,d orders generated (%,d of them late) and %,d malformed.%n",
                            sent.validSent(), MalformedInjection.countFor(sent.validSent(),
                                    options.eventClock().lateFraction()), sent.malformedSent()));
            out.append(String.format(Locale.ROOT, "%,d windows of %,d orders upserted into %s of %s, %,d refused by the "
                    + "database, %,d totals refused by Redis; the windows still open at the end are not published, "
                    + "malformed orders and refused rows are in %s.%n", windows.get(), orders.get(), options.table(),
                    database, refused.get(), totalsRefused.get(), options.deadLetterTopic()));
            options.redis().ifPresent(redis -> out.append(redisTotals(redis, options.redisKey())));
            return out.toString();
        }
    }

    /** The hash of running totals as a table, products in name order. */
    private static String redisTotals(RedisEndpoint redis, String key) {
        Map<String, String> totals;
        try (Jedis jedis = RedisPools.borrow(redis)) {
            totals = new TreeMap<>(jedis.hgetAll(key));
        }
        StructType schema = new StructType().add("product", DataTypes.StringType).add("total", DataTypes.StringType);
        List<Row> rows = new ArrayList<>();
        totals.forEach((product, total) -> rows.add(RowFactory.create(product, total)));
        BigDecimal all = totals.values().stream().map(OrdersExample::decimalOrZero).reduce(BigDecimal.ZERO, BigDecimal::add);
        return String.format(Locale.ROOT, "Running totals in Redis, hash %s of %s (all products: %s):%n%s", key, redis,
                all.toPlainString(), ConsoleTable.render(schema, rows));
    }

    private static BigDecimal decimalOrZero(String value) {
        try {
            return new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            return BigDecimal.ZERO;
        }
    }
}
