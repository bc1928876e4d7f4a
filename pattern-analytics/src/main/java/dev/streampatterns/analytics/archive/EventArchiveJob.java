package dev.streampatterns.analytics.archive;

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
import dev.streampatterns.core.source.StreamSource;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The event archive (SPEC section 8) as a job with injected ends: JSON user events from a source →
 * JSON decoder (strict, every field required, the table's limits; the rest to the dead letter) → one
 * cached batch → rows into the archive table, running totals per event type and per user into Redis
 * (when given), dead letters to their sink. {@link #sinks} builds the usual sinks from a database and
 * a Redis; the chapter {@code event-archive} and the tests start this same job.
 *
 * <p>Delivery: the table and the Redis totals are exactly once per batch of the query (see
 * {@link JdbcSink}, {@link RedisSink}): a job killed at any point and restarted from its checkpoint
 * neither loses nor duplicates a row, nor counts an event twice, and a run on a new checkpoint
 * archives all it reads. An event is identified by where it was read (cluster id, topic, partition,
 * offset, unique in the table): a row the table already holds, or refuses as too long or out of
 * range, goes to the dead letter with the database's reason and the rest of the batch is archived.
 * Dead letters to Kafka are at least once.
 */
public final class EventArchiveJob {
    public static final String QUERY_NAME = "event-archive";

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

    /**
     * Where the job writes: the archive table, the running totals (both null, or both given) and the
     * dead letters (malformed events, and the rows and totals the servers refuse).
     */
    public record Sinks(JdbcSink archive, RedisSink totalsPerType, RedisSink totalsPerUser, BatchSink deadLetters) {
        public Sinks {
            Objects.requireNonNull(archive, "archive");
            Objects.requireNonNull(deadLetters, "deadLetters");
            if ((totalsPerType == null) != (totalsPerUser == null)) {
                throw new IllegalArgumentException("the totals per type and per user go together: give both or neither");
            }
        }
    }

    private final String sourceCluster;
    private final Sinks sinks;
    private final DecodeMode mode;
    private final Consumer<BatchReport> reports;

    /**
     * @param sourceCluster the id of the Kafka cluster the source reads ({@code KafkaSource.clusterId}),
     *                      part of each archived event's identity
     */
    public EventArchiveJob(String sourceCluster, Sinks sinks, DecodeMode mode, Consumer<BatchReport> reports) {
        this.sourceCluster = Objects.requireNonNull(sourceCluster, "sourceCluster");
        this.sinks = Objects.requireNonNull(sinks, "sinks");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.reports = Objects.requireNonNull(reports, "reports");
    }

    /**
     * The usual sinks: {@code table} of {@code database} (appended; refused rows to the dead letter
     * under {@code refusals}), and with a {@code redis} the totals {@code <redisPrefix>events-per-type}
     * (sorted set) and {@code <redisPrefix>events-per-user} (hash).
     *
     * @param redis where running totals go; null for none
     */
    public static Sinks sinks(JdbcTarget database, String table, RedisEndpoint redis, String redisPrefix,
                              BatchSink deadLetters, RefusalPolicy refusals) {
        JdbcSink.Builder archive = JdbcSink.builder(QUERY_NAME + "." + table, database, table).append()
                .refusalPolicy(refusals, deadLetters, new RefusedRows.SourceColumns(ArchivedEventColumns.SOURCE_TOPIC,
                        ArchivedEventColumns.SOURCE_PARTITION, ArchivedEventColumns.SOURCE_OFFSET));
        if (redis == null) {
            return new Sinks(archive.build(), null, null, deadLetters);
        }
        RedisSink perType = RedisSink.sortedSetIncrements(QUERY_NAME + ".per-type." + safe(redisPrefix),
                redis, redisPrefix + "events-per-type", ArchivedEventColumns.EVENT_TYPE, ArchivedEventColumns.EVENTS)
                .withRefusalPolicy(refusals, deadLetters);
        RedisSink perUser = RedisSink.hashIncrements(QUERY_NAME + ".per-user." + safe(redisPrefix),
                redis, redisPrefix + "events-per-user", ArchivedEventColumns.USER_ID, ArchivedEventColumns.EVENTS)
                .withRefusalPolicy(refusals, deadLetters);
        return new Sinks(archive.build(), perType, perUser, deadLetters);
    }

    /** Creates the table, its indexes, its stats view and (PostgreSQL) its functions when missing. */
    public static void createSchema(JdbcTarget database, String table) {
        JdbcScripts.run(database, ArchivedEventColumns.SCHEMA_SCRIPT, ArchivedEventColumns.schemaIdentifiers(table));
    }

    /** Creates the archive's table when missing, then starts the job with a micro-batch every {@code trigger}. */
    public StreamingQuery start(StreamingJob job, StreamSource source, Duration trigger) {
        createSchema(sinks.archive().target(), sinks.archive().table());
        EventArchive archiveRows = new EventArchive(sourceCluster);
        Dataset<Row> decoded = TextDecoder.json(ArchivedEventColumns.INPUT)
                .withRequiredFields(ArchivedEventColumns.REQUIRED).withLimits(ArchivedEventColumns.LIMITS).withMode(mode)
                .decode(source.readStream(job.spark()))
                // Cached in the compact layout: the archive reads each valid event's topic, partition and offset.
                .compact(DecodedColumns.TOPIC, DecodedColumns.PARTITION, DecodedColumns.OFFSET).all();
        CachedBatch.Builder analyses = CachedBatch.builder(QUERY_NAME);
        AtomicLong totalsRefused = new AtomicLong();
        if (sinks.totalsPerType() != null) {
            // The analyses of a batch run one after the other, in this order: the archive's report,
            // last, takes what the totals refused in the same batch.
            analyses.analysis("totals per type", (batch, batchId) -> totalsRefused.addAndGet(sinks.totalsPerType().write(
                    EventArchive.eventsPerType(DecodedRows.of(batch).valid()),
                    QueryBatch.current(batch.sparkSession(), batchId)).rowsRefused()));
            analyses.analysis("totals per user", (batch, batchId) -> totalsRefused.addAndGet(sinks.totalsPerUser().write(
                    EventArchive.eventsPerUser(DecodedRows.of(batch).valid()),
                    QueryBatch.current(batch.sparkSession(), batchId)).rowsRefused()));
        }
        analyses.analysis("archive", (batch, batchId) -> {
            DecodedRows rows = DecodedRows.of(batch);
            SinkWrite written = sinks.archive().write(archiveRows.apply(rows.validWithKafkaColumns(
                    DecodedColumns.TOPIC, DecodedColumns.PARTITION, DecodedColumns.OFFSET)),
                    QueryBatch.current(batch.sparkSession(), batchId));
            Dataset<Row> deadLetters = rows.deadLetters();
            sinks.deadLetters().write(deadLetters, batchId);
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
