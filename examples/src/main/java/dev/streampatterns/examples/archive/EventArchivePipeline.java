package dev.streampatterns.examples.archive;

import dev.streampatterns.analytics.archive.ArchivedEventColumns;
import dev.streampatterns.analytics.archive.EventArchive;
import dev.streampatterns.core.batch.CachedBatch;
import dev.streampatterns.core.decode.DecodeMode;
import dev.streampatterns.core.decode.DecodedColumns;
import dev.streampatterns.core.decode.DecodedRows;
import dev.streampatterns.core.decode.TextDecoder;
import dev.streampatterns.core.job.StreamingJob;
import dev.streampatterns.core.sink.BatchSink;
import dev.streampatterns.core.sink.QueryBatch;
import dev.streampatterns.core.sink.RefusalPolicy;
import dev.streampatterns.core.sink.RefusedRows;
import dev.streampatterns.core.sink.SinkWrite;
import dev.streampatterns.core.sink.jdbc.JdbcScripts;
import dev.streampatterns.core.sink.jdbc.JdbcSink;
import dev.streampatterns.core.sink.jdbc.JdbcTarget;
import dev.streampatterns.core.sink.redis.RedisEndpoint;
import dev.streampatterns.core.sink.redis.RedisSink;
import dev.streampatterns.core.source.KafkaSource;
import dev.streampatterns.core.source.KafkaSourceOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The event archive (SPEC section 8) wired: JSON user events from Kafka → JSON decoder (every field
 * required; the rest to the dead letter) → one cached batch → rows into the archive table, running
 * totals per event type and per user into Redis (when a Redis is given), dead letters to their sink.
 *
 * <p>Delivery: the table and the Redis totals are exactly once per batch of the query (see
 * {@link JdbcSink}, {@link RedisSink}): a job killed at any point and restarted from its checkpoint
 * neither loses nor duplicates a row, nor counts an event twice, and a run on a new checkpoint
 * archives all it reads. An event is identified by where it was read (cluster id, topic, partition,
 * offset, unique in the table): a row the table already holds, or refuses as too long or out of
 * range, goes to the dead letter with the database's reason and the rest of the batch is archived.
 * Dead letters to Kafka are at least once.
 */
public final class EventArchivePipeline {
    public static final String QUERY_NAME = "event-archive";
    /** How long the start waits for the Kafka cluster's id before it says the cluster cannot be reached. */
    static final Duration CLUSTER_TIMEOUT = Duration.ofSeconds(15);

    /**
     * What one batch did, for the console: counted from what the sinks wrote, not from what they were given.
     *
     * @param replaySkipped the archive had committed this batch of this query before (a replay after a
     *                      restart): nothing was archived now
     * @param archived      rows inserted into the table
     * @param refused       rows the table refused, sent to the dead letter
     * @param totalsRefused Redis totals (per type and per user) that Redis refused, sent to the dead letter
     * @param deadLetters   records that could not be decoded, sent to the dead letter
     */
    public record BatchReport(String queryId, long batchId, boolean replaySkipped, long archived, long refused,
                              long totalsRefused, long deadLetters) {
    }

    private final JdbcTarget database;
    private final String table;
    private final RedisEndpoint redis;
    private final String redisPrefix;
    private final BatchSink deadLetterSink;
    private final DecodeMode mode;
    private final RefusalPolicy refusals;
    private final Consumer<BatchReport> reports;

    /**
     * @param redis where running totals go; null for none
     * @param redisPrefix prefix of the totals' keys: {@code <prefix>events-per-type} (sorted set) and
     *                    {@code <prefix>events-per-user} (hash)
     */
    public EventArchivePipeline(JdbcTarget database, String table, RedisEndpoint redis, String redisPrefix,
                                BatchSink deadLetterSink, DecodeMode mode, Consumer<BatchReport> reports) {
        this(database, table, redis, redisPrefix, deadLetterSink, mode, RefusalPolicy.DEFAULT, reports);
    }

    /** @param refusals what the database's and Redis's refused rows do: dead letters (the default) or a failed batch */
    public EventArchivePipeline(JdbcTarget database, String table, RedisEndpoint redis, String redisPrefix,
                                BatchSink deadLetterSink, DecodeMode mode, RefusalPolicy refusals,
                                Consumer<BatchReport> reports) {
        this.refusals = refusals;
        this.database = database;
        this.table = table;
        this.redis = redis;
        this.redisPrefix = redisPrefix;
        this.deadLetterSink = deadLetterSink;
        this.mode = mode;
        this.reports = reports;
    }

    /** Creates the table, its indexes, its stats view and (PostgreSQL) its functions when missing. */
    public void createSchema() {
        JdbcScripts.run(database, ArchivedEventColumns.SCHEMA_SCRIPT, ArchivedEventColumns.schemaIdentifiers(table));
    }

    public StreamingQuery start(StreamingJob job, KafkaSourceOptions source, Duration trigger) {
        createSchema();
        EventArchive archiveRows = new EventArchive(KafkaSource.clusterId(source, CLUSTER_TIMEOUT));
        Dataset<Row> decoded = TextDecoder.json(ArchivedEventColumns.INPUT)
                .withRequiredFields(ArchivedEventColumns.REQUIRED).withLimits(ArchivedEventColumns.LIMITS).withMode(mode)
                .decode(KafkaSource.readStream(job.spark(), source))
                // Cached in the compact layout: the archive reads each valid event's topic, partition and offset.
                .compact(DecodedColumns.TOPIC, DecodedColumns.PARTITION, DecodedColumns.OFFSET).all();
        JdbcSink.Builder archiveSink = JdbcSink.builder(QUERY_NAME + "." + table, database, table).append()
                .maxRefusedFraction(refusals.maxRefusedFraction());
        if (refusals.deadLetters()) {
            archiveSink.refusedRowsTo(deadLetterSink, new RefusedRows.SourceColumns(ArchivedEventColumns.SOURCE_TOPIC,
                    ArchivedEventColumns.SOURCE_PARTITION, ArchivedEventColumns.SOURCE_OFFSET));
        }
        JdbcSink archive = archiveSink.build();
        CachedBatch.Builder analyses = CachedBatch.builder(QUERY_NAME);
        AtomicLong totalsRefused = new AtomicLong();
        if (redis != null) {
            RedisSink perType = RedisSink.sortedSetIncrements(QUERY_NAME + ".per-type." + safe(redisPrefix),
                    redis, redisPrefix + "events-per-type", ArchivedEventColumns.EVENT_TYPE, ArchivedEventColumns.EVENTS)
                    .withRefusalPolicy(refusals, deadLetterSink);
            RedisSink perUser = RedisSink.hashIncrements(QUERY_NAME + ".per-user." + safe(redisPrefix),
                    redis, redisPrefix + "events-per-user", ArchivedEventColumns.USER_ID, ArchivedEventColumns.EVENTS)
                    .withRefusalPolicy(refusals, deadLetterSink);
            // The analyses of a batch run one after the other, in this order: the archive's report,
            // last, takes what the totals refused in the same batch.
            analyses.analysis("totals per type", (batch, batchId) -> totalsRefused.addAndGet(perType.write(
                    EventArchive.eventsPerType(DecodedRows.of(batch).valid()),
                    QueryBatch.current(batch.sparkSession(), batchId)).rowsRefused()));
            analyses.analysis("totals per user", (batch, batchId) -> totalsRefused.addAndGet(perUser.write(
                    EventArchive.eventsPerUser(DecodedRows.of(batch).valid()),
                    QueryBatch.current(batch.sparkSession(), batchId)).rowsRefused()));
        }
        analyses.analysis("archive", (batch, batchId) -> {
            DecodedRows rows = DecodedRows.of(batch);
            SinkWrite written = archive.write(archiveRows.apply(rows.validWithKafkaColumns(
                    DecodedColumns.TOPIC, DecodedColumns.PARTITION, DecodedColumns.OFFSET)),
                    QueryBatch.current(batch.sparkSession(), batchId));
            Dataset<Row> deadLetters = rows.deadLetters();
            deadLetterSink.write(deadLetters, batchId);
            reports.accept(new BatchReport(written.batch().queryId(), batchId, written.skipped(),
                    written.rowsWritten(), written.rowsRefused(), totalsRefused.getAndSet(0), deadLetters.count()));
        });
        return job.start(QUERY_NAME, decoded.writeStream()
                .trigger(Trigger.ProcessingTime(trigger.toMillis()))
                .foreachBatch(analyses.build()));
    }

    /** A Redis prefix as part of a sink name (letters, digits, '.', '_', '-'). */
    private static String safe(String prefix) {
        String cleaned = prefix.replaceAll("[^A-Za-z0-9._-]", "_");
        return cleaned.isEmpty() ? "default" : cleaned;
    }
}
