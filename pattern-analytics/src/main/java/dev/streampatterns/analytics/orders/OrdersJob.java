package dev.streampatterns.analytics.orders;

import dev.streampatterns.core.batch.CachedBatch;
import dev.streampatterns.core.decode.DecodeMode;
import dev.streampatterns.core.decode.DecodedRows;
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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Orders analytics (SPEC section 2) as a job with injected ends: JSON orders from a source → the
 * orders' decoder (malformed orders to the dead letter) → {@link OrderTotals} → each batch's closed
 * windows, cached once, upserted into the summary table and added to the running totals per product
 * in Redis (when given). The chapter {@code chapter2-orders} and the tests start this same job.
 *
 * <p>Two queries read the source: {@value #QUERY_NAME} (the windows) and {@value #DEAD_LETTER_QUERY}
 * (the orders that cannot be decoded, with their reasons).
 *
 * <p>Delivery: the table and the Redis totals are exactly once per batch of the query (see
 * {@link JdbcSink}, {@link RedisSink}): a batch redone after a crash upserts the same rows and skips
 * the Redis increments it had committed, and a run on a new checkpoint writes every batch. A window
 * total the table refuses (too large for {@code DECIMAL(12,2)}) or Redis refuses (a field that holds
 * no decimal number) goes to the dead letter with the server's reason, under the job's
 * {@link RefusalPolicy}. Dead letters to Kafka are at least once.
 */
public final class OrdersJob {
    public static final String QUERY_NAME = "orders-summary";
    public static final String DEAD_LETTER_QUERY = "orders-dead-letters";

    /**
     * What one batch of the summary query did, for the console.
     *
     * @param replaySkipped the table had committed this batch of this query before (a replay after a
     *                      restart): nothing was written now
     * @param windows       the windows the batch closed, rows of {@link OrderColumns#SUMMARY}
     * @param refused       window rows the table refused, sent to the dead letter
     * @param totalsRefused Redis totals that Redis refused, sent to the dead letter
     */
    public record BatchReport(String queryId, long batchId, boolean replaySkipped, List<Row> windows, long refused,
                              long totalsRefused) {
        public BatchReport {
            windows = List.copyOf(windows);
        }
    }

    /** Where the job writes: the summary table, the running totals (null: none) and the dead letters. */
    public record Sinks(JdbcSink summary, RedisSink totals, BatchSink deadLetters) {
        public Sinks {
            Objects.requireNonNull(summary, "summary");
            Objects.requireNonNull(deadLetters, "deadLetters");
        }
    }

    private final OrderTotals pattern;
    private final Sinks sinks;
    private final DecodeMode mode;
    private final Duration maxClockSkew;
    private final Consumer<BatchReport> reports;

    /**
     * @param maxClockSkew how far ahead of the processing clock an order may be stamped
     *                     ({@link OrderColumns#DEFAULT_MAX_CLOCK_SKEW} is the chapter's default)
     */
    public OrdersJob(OrderTotals pattern, Sinks sinks, DecodeMode mode, Duration maxClockSkew,
                     Consumer<BatchReport> reports) {
        this.pattern = Objects.requireNonNull(pattern, "pattern");
        this.sinks = Objects.requireNonNull(sinks, "sinks");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.maxClockSkew = Objects.requireNonNull(maxClockSkew, "maxClockSkew");
        this.reports = Objects.requireNonNull(reports, "reports");
    }

    /**
     * The usual sinks: {@code table} of {@code database}, upserted by window start and product (refused
     * rows to the dead letter under {@code refusals}), and with a {@code redis} the running totals in the
     * hash {@code redisKey}, as exact decimal strings.
     *
     * @param redis where running totals go; null for none
     */
    public static Sinks sinks(JdbcTarget database, String table, RedisEndpoint redis, String redisKey,
                              BatchSink deadLetters, RefusalPolicy refusals) {
        JdbcSink summary = JdbcSink.builder(QUERY_NAME + "." + table, database, table)
                .upsertBy(OrderColumns.WINDOW_START, OrderColumns.PRODUCT)
                .refusalPolicy(refusals, deadLetters, RefusedRows.SourceColumns.NONE).build();
        RedisSink totals = redis == null ? null
                : RedisSink.hashIncrements(QUERY_NAME + ".totals", redis, redisKey, OrderColumns.PRODUCT,
                        OrderColumns.TOTAL_VALUE).withRefusalPolicy(refusals, deadLetters);
        return new Sinks(summary, totals, deadLetters);
    }

    /** Creates the summary table when missing. */
    public static void createSchema(JdbcTarget database, String table) {
        JdbcScripts.run(database, OrderColumns.SCHEMA_SCRIPT, Map.of("table", table));
    }

    /**
     * Creates the summary table when missing, then starts the summary and the dead-letter queries,
     * with a micro-batch every {@code trigger}.
     */
    public List<StreamingQuery> start(StreamingJob job, StreamSource source, Duration trigger) {
        createSchema(sinks.summary().target(), sinks.summary().table());
        CachedBatch.Builder analyses = CachedBatch.builder(QUERY_NAME);
        AtomicLong totalsRefused = new AtomicLong();
        if (sinks.totals() != null) {
            // The analyses of a batch run one after the other, in this order: the table's report, last,
            // takes what Redis refused in the same batch.
            analyses.analysis("running totals", (windows, batchId) -> totalsRefused.addAndGet(sinks.totals()
                    .write(windows, QueryBatch.current(windows.sparkSession(), batchId)).rowsRefused()));
        }
        analyses.analysis("summary table", (windows, batchId) -> {
            SinkWrite written = sinks.summary().write(windows, QueryBatch.current(windows.sparkSession(), batchId));
            reports.accept(new BatchReport(written.batch().queryId(), batchId, written.skipped(),
                    windows.collectAsList(), written.rowsRefused(), totalsRefused.getAndSet(0)));
        });
        Trigger every = Trigger.ProcessingTime(trigger.toMillis());
        StreamingQuery summary = job.start(QUERY_NAME, pattern.apply(decode(job, source).valid()).writeStream()
                .outputMode("append").trigger(every).foreachBatch(analyses.build()));
        VoidFunction2<Dataset<Row>, Long> deadLetters = sinks.deadLetters()::write;
        StreamingQuery rejected = job.start(DEAD_LETTER_QUERY, decode(job, source).deadLetters().writeStream()
                .trigger(every).foreachBatch(deadLetters));
        return List.of(summary, rejected);
    }

    private DecodedRows decode(StreamingJob job, StreamSource source) {
        return OrderColumns.decoder(maxClockSkew).withMode(mode).decode(source.readStream(job.spark()));
    }
}
