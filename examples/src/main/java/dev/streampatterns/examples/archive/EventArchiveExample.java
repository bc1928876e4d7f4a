package dev.streampatterns.examples.archive;

import dev.streampatterns.analytics.archive.EventArchiveJob;
import dev.streampatterns.core.config.Config;
import dev.streampatterns.core.config.Setting;
import dev.streampatterns.core.config.Settings;
import dev.streampatterns.core.sink.ConsoleTable;
import dev.streampatterns.core.sink.DeadLetterSink;
import dev.streampatterns.core.sink.jdbc.JdbcTarget;
import dev.streampatterns.core.sink.jdbc.SqlIdentifiers;
import dev.streampatterns.core.sink.redis.RedisEndpoint;
import dev.streampatterns.core.source.KafkaSource;
import dev.streampatterns.core.source.KafkaSourceOptions;
import dev.streampatterns.examples.BackgroundGenerator;
import dev.streampatterns.examples.ChapterDatabase;
import dev.streampatterns.examples.ChapterOptions;
import dev.streampatterns.examples.ChapterRedis;
import dev.streampatterns.examples.ChapterRun;
import dev.streampatterns.examples.ExampleSettings;
import dev.streampatterns.examples.KafkaConnection;
import dev.streampatterns.generators.MovieEventsDataset;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chapter "event archive to PostgreSQL" (SPEC section 8): JSON user events from topic
 * {@code movie-events} (the seed's {@code user-events} with {@code --topic}) archived into table
 * {@code user_events}, configured by the seed's environment
 * variables ({@code KAFKA_BROKER}, {@code POSTGRES_HOST}, {@code POSTGRES_DB}, {@code POSTGRES_USER},
 * {@code POSTGRES_PASSWORD}). Without a PostgreSQL host it archives into an embedded H2 database.
 */
public final class EventArchiveExample {
    private static final Logger LOG = LoggerFactory.getLogger(EventArchiveExample.class);

    static final Setting<Optional<String>> BOOTSTRAP_SERVERS = ExampleSettings.BOOTSTRAP_SERVERS.alsoEnv("KAFKA_BROKER");
    static final Setting<String> TOPIC = Setting.string("topic", MovieEventsDataset.DEFAULT_TOPIC,
            "input topic (the seed calls it user-events, the name of the protobuf user events too)");
    static final Setting<String> DEAD_LETTER_TOPIC = Setting.string("dead-letter-topic",
            MovieEventsDataset.DEFAULT_TOPIC + ".dead-letter",
            "topic for events that cannot be decoded");
    static final Setting<Optional<String>> POSTGRES_HOST = Setting.optionalString("postgres-host",
            "PostgreSQL host; none archives into an embedded H2 database").alsoEnv("POSTGRES_HOST");
    static final Setting<Integer> POSTGRES_PORT = Setting.intValue("postgres-port", 5432, 1, 65535, "PostgreSQL port")
            .alsoEnv("POSTGRES_PORT");
    static final Setting<String> POSTGRES_DB = Setting.string("postgres-db", "postgres", "PostgreSQL database")
            .alsoEnv("POSTGRES_DB");
    static final Setting<String> POSTGRES_USER = Setting.string("postgres-user", "postgres", "PostgreSQL user")
            .alsoEnv("POSTGRES_USER");
    static final Setting<String> POSTGRES_PASSWORD = Setting.string("postgres-password", "", "PostgreSQL password")
            .alsoEnv("POSTGRES_PASSWORD").secret();
    static final Setting<String> TABLE = Setting.validated("table", "user_events",
            name -> name.matches("[A-Za-z_][A-Za-z0-9_]{0,40}"), "letters, digits and _, at most 41",
            "archive table (created with its indexes and <table>_stats view when missing)");
    static final Setting<String> REDIS_PREFIX = Setting.string("redis-prefix", "user-events:",
            "prefix of the totals' keys (<prefix>events-per-type, <prefix>events-per-user)");

    static final Settings SETTINGS = new Settings("bin/run-example event-archive",
            "JSON user events from Kafka archived into PostgreSQL (or embedded H2), exactly once (SPEC section 8).",
            ExampleSettings.with(BOOTSTRAP_SERVERS, TOPIC, DEAD_LETTER_TOPIC, POSTGRES_HOST, POSTGRES_PORT, POSTGRES_DB,
                    POSTGRES_USER, POSTGRES_PASSWORD, TABLE, ChapterDatabase.H2_DIR, ChapterRedis.HOST, ChapterRedis.PORT, ChapterRedis.PASSWORD, REDIS_PREFIX,
                    ChapterRun.EVENTS, ChapterRun.RATE, ChapterRun.MALFORMED, ChapterRun.SEED, ChapterRun.MAX_OFFSETS,
                    ChapterRun.MODE, ChapterRun.ON_SINK_ERROR, ChapterRun.MAX_REFUSED_FRACTION, ChapterRun.TRIGGER,
                    ChapterRun.STARTING_OFFSETS, ChapterRun.FOLLOW));

    /** How long the start waits for the Kafka cluster's id before it says the cluster cannot be reached. */
    private static final Duration CLUSTER_TIMEOUT = Duration.ofSeconds(15);

    /**
     * The chapter's options, typed, read once from its settings. The servers are held as their
     * endpoints, whose passwords no {@code toString} shows.
     *
     * @param postgres             the PostgreSQL database; empty: an embedded H2 database
     * @param h2Dir                the embedded H2 database's folder, kept; empty: a temporary folder
     * @param redis                where the running totals go; empty: no totals
     */
    record Options(ChapterOptions chapter, String topic, String deadLetterTopic, Optional<JdbcTarget> postgres,
                   String table, Optional<Path> h2Dir, Optional<RedisEndpoint> redis, String redisPrefix) {
        static Options from(Config config) {
            Optional<JdbcTarget> postgres = config.get(POSTGRES_HOST).map(host -> JdbcTarget.of("jdbc:postgresql://"
                    + host + ":" + config.get(POSTGRES_PORT) + "/" + config.get(POSTGRES_DB), config.get(POSTGRES_USER),
                    config.get(POSTGRES_PASSWORD)));
            return new Options(ChapterOptions.from(config), config.get(TOPIC), config.get(DEAD_LETTER_TOPIC), postgres,
                    SqlIdentifiers.require("table", config.get(TABLE)), config.get(ChapterDatabase.H2_DIR).map(Path::of), ChapterRedis.endpoint(config),
                    config.get(REDIS_PREFIX));
        }
    }

    private EventArchiveExample() {
    }

    public static void run(String[] args) throws Exception {
        ChapterRun.enter(SETTINGS, args, "event-archive", Options::from, EventArchiveExample::run);
    }

    private static void run(Options options) throws Exception {
        // Without a PostgreSQL host, an embedded H2 in --h2-dir, or in a temporary folder the run removes.
        try (ChapterDatabase database = ChapterDatabase.open(options.postgres(),
                POSTGRES_HOST.givenBy() + " (and the other --postgres-* settings)", options.h2Dir(), "event-archive-h2-")) {
            ChapterRedis.requireReachable(options.redis());
            archive(options, database.target());
        }
    }

    private static void archive(Options options, JdbcTarget database) throws Exception {
        ChapterOptions chapter = options.chapter();
        String table = options.table();
        RedisEndpoint redis = options.redis().orElse(null);
        LOG.info("archiving into table {} of {}", table, database);
        try (KafkaConnection kafka = KafkaConnection.open(chapter)) {
            kafka.ensureTopics(1, options.topic(), options.deadLetterTopic());
            BackgroundGenerator generated = BackgroundGenerator.start(kafka.bootstrapServers(), new MovieEventsDataset(),
                    chapter.generator(options.topic()), chapter.events());

            ArchiveTotals totals = new ArchiveTotals();
            DeadLetterSink deadLetterSink = DeadLetterSink.toKafka(kafka.bootstrapServers(), options.deadLetterTopic());
            KafkaSourceOptions sourceOptions = chapter.source(kafka.bootstrapServers(), options.topic());
            EventArchiveJob archive = new EventArchiveJob(KafkaSource.clusterId(sourceOptions, CLUSTER_TIMEOUT),
                    EventArchiveJob.sinks(database, table, redis, options.redisPrefix(), deadLetterSink,
                            chapter.refusalPolicy()),
                    chapter.mode(), report -> {
                        totals.add(report);
                        LOG.info(describe(report, table));
                    });

            ChapterRun.run(chapter, "event-archive", options.topic(), generated,
                    job -> archive.start(job, KafkaSource.stream(sourceOptions), chapter.trigger()));
            System.out.printf(Locale.ROOT, "Done: %s; dead letters go to %s.%n%s",
                    totals.describe(table), deadLetterSink.destination(), stats(database, table));
        }
    }

    /** One batch's line: what the archive wrote, or that the batch was a replay and wrote nothing. */
    static String describe(EventArchiveJob.BatchReport report, String table) {
        if (report.replaySkipped()) {
            return String.format(Locale.ROOT, "batch %d of query %s was archived before (a replay after a restart): "
                    + "skipped, nothing archived; %,d dead letters", report.batchId(), report.queryId(), report.deadLetters());
        }
        return String.format(Locale.ROOT, "batch %d: %,d events archived into %s, %,d refused by the database, "
                + "%,d totals refused by Redis, %,d dead letters", report.batchId(), report.archived(), table,
                report.refused(), report.totalsRefused(), report.deadLetters());
    }

    /** What the whole run archived, from the batches' reports. */
    static final class ArchiveTotals {
        private final AtomicLong archived = new AtomicLong();
        private final AtomicLong refused = new AtomicLong();
        private final AtomicLong totalsRefused = new AtomicLong();
        private final AtomicLong deadLetters = new AtomicLong();
        private final AtomicLong skipped = new AtomicLong();

        void add(EventArchiveJob.BatchReport report) {
            archived.addAndGet(report.archived());
            refused.addAndGet(report.refused());
            totalsRefused.addAndGet(report.totalsRefused());
            deadLetters.addAndGet(report.deadLetters());
            if (report.replaySkipped()) {
                skipped.incrementAndGet();
            }
        }

        String describe(String table) {
            return String.format(Locale.ROOT, "%,d events archived into %s by this run, %,d refused by the database, "
                    + "%,d totals refused by Redis, %,d malformed; %,d replayed batch(es) skipped as archived before",
                    archived.get(), table, refused.get(), totalsRefused.get(), deadLetters.get(), skipped.get());
        }
    }

    /** The stats view as a table, for the closing lines. */
    private static String stats(JdbcTarget database, String table) throws SQLException {
        StructType schema = new StructType().add("event_type", DataTypes.StringType).add("events", DataTypes.LongType)
                .add("users", DataTypes.LongType).add("movies", DataTypes.LongType);
        List<Row> rows = new ArrayList<>();
        try (Connection connection = database.connect();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(
                     "SELECT event_type, events, users, movies FROM " + table + "_stats ORDER BY event_type")) {
            while (result.next()) {
                rows.add(RowFactory.create(result.getString(1), result.getLong(2), result.getLong(3), result.getLong(4)));
            }
        }
        return "View " + table + "_stats:\n" + ConsoleTable.render(schema, rows);
    }
}
