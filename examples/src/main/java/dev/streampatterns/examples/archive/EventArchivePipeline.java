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
import dev.streampatterns.core.sink.jdbc.JdbcScripts;
import dev.streampatterns.core.sink.jdbc.JdbcSink;
import dev.streampatterns.core.sink.jdbc.JdbcTarget;
import dev.streampatterns.core.sink.redis.RedisEndpoint;
import dev.streampatterns.core.sink.redis.RedisSink;
import dev.streampatterns.core.source.KafkaSource;
import dev.streampatterns.core.source.KafkaSourceOptions;
import java.time.Duration;
import java.util.Map;
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
 * <p>Delivery: the table and the Redis totals are exactly once per batch id (see {@link JdbcSink},
 * {@link RedisSink}): a job killed at any point and restarted from its checkpoint neither loses nor
 * duplicates a row, nor counts an event twice. Dead letters to Kafka are at least once.
 */
public final class EventArchivePipeline {
    public static final String QUERY_NAME = "event-archive";

    /** What one batch did, for the console. */
    public record BatchReport(long batchId, long archived, long deadLetters) {
    }

    private final JdbcTarget database;
    private final String table;
    private final RedisEndpoint redis;
    private final String redisPrefix;
    private final BatchSink deadLetterSink;
    private final DecodeMode mode;
    private final Consumer<BatchReport> reports;

    /**
     * @param redis where running totals go; null for none
     * @param redisPrefix prefix of the totals' keys: {@code <prefix>events-per-type} (sorted set) and
     *                    {@code <prefix>events-per-user} (hash)
     */
    public EventArchivePipeline(JdbcTarget database, String table, RedisEndpoint redis, String redisPrefix,
                                BatchSink deadLetterSink, DecodeMode mode, Consumer<BatchReport> reports) {
        this.database = database;
        this.table = table;
        this.redis = redis;
        this.redisPrefix = redisPrefix;
        this.deadLetterSink = deadLetterSink;
        this.mode = mode;
        this.reports = reports;
    }

    /** Creates the table, its indexes and its stats view when missing. */
    public void createSchema() {
        JdbcScripts.run(database, ArchivedEventColumns.SCHEMA_SCRIPT, Map.of("table", table));
    }

    public StreamingQuery start(StreamingJob job, KafkaSourceOptions source, Duration trigger) {
        createSchema();
        Dataset<Row> decoded = TextDecoder.json(ArchivedEventColumns.INPUT)
                .withRequiredFields(ArchivedEventColumns.REQUIRED).withMode(mode)
                .decode(KafkaSource.readStream(job.spark(), source))
                // Cached in the compact layout: the archive reads each valid event's partition and offset.
                .compact(DecodedColumns.PARTITION, DecodedColumns.OFFSET).all();
        JdbcSink archive = JdbcSink.builder(QUERY_NAME + "." + table, database, table).append().build();
        CachedBatch.Builder analyses = CachedBatch.builder(QUERY_NAME)
                .analysis("archive", (batch, batchId) -> archive.write(archiveRows(batch), batchId));
        if (redis != null) {
            RedisSink perType = RedisSink.sortedSetIncrements(QUERY_NAME + ".per-type." + safe(redisPrefix), redis,
                    redisPrefix + "events-per-type", ArchivedEventColumns.EVENT_TYPE, ArchivedEventColumns.EVENTS);
            RedisSink perUser = RedisSink.hashIncrements(QUERY_NAME + ".per-user." + safe(redisPrefix), redis,
                    redisPrefix + "events-per-user", ArchivedEventColumns.USER_ID, ArchivedEventColumns.EVENTS);
            analyses.analysis("totals per type", (batch, batchId) ->
                    perType.write(EventArchive.eventsPerType(DecodedRows.of(batch).valid()), batchId));
            analyses.analysis("totals per user", (batch, batchId) ->
                    perUser.write(EventArchive.eventsPerUser(DecodedRows.of(batch).valid()), batchId));
        }
        analyses.analysis("dead letters", (batch, batchId) -> deadLetterSink.write(DecodedRows.of(batch).deadLetters(), batchId));
        analyses.analysis("report", (batch, batchId) -> {
            DecodedRows rows = DecodedRows.of(batch);
            reports.accept(new BatchReport(batchId, rows.valid().count(), rows.deadLetters().count()));
        });
        return job.start(QUERY_NAME, decoded.writeStream()
                .trigger(Trigger.ProcessingTime(trigger.toMillis()))
                .foreachBatch(analyses.build()));
    }

    private static Dataset<Row> archiveRows(Dataset<Row> batch) {
        return new EventArchive().apply(DecodedRows.of(batch)
                .validWithKafkaColumns(DecodedColumns.PARTITION, DecodedColumns.OFFSET));
    }

    /** A Redis prefix as part of a sink name (letters, digits, '.', '_', '-'). */
    private static String safe(String prefix) {
        String cleaned = prefix.replaceAll("[^A-Za-z0-9._-]", "_");
        return cleaned.isEmpty() ? "default" : cleaned;
    }
}
