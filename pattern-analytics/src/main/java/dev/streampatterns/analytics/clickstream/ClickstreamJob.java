package dev.streampatterns.analytics.clickstream;

import dev.streampatterns.core.decode.DecodeMode;
import dev.streampatterns.core.decode.DecodedRows;
import dev.streampatterns.core.decode.TextDecoder;
import dev.streampatterns.core.job.StreamingJob;
import dev.streampatterns.core.sink.BatchSink;
import dev.streampatterns.core.sink.KafkaSink;
import dev.streampatterns.core.source.StreamSource;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Clickstream analytics (SPEC sections 3 and 10) as a job with injected ends: JSON clickstream events
 * and transactions from two sources → their strict decoders (malformed records to the dead letter) →
 * four queries running together, each with its own sink:
 * <ul>
 *   <li>{@value #PAGE_VIEWS_QUERY}: {@link PageViews} (1-minute windows, exact distinct users);</li>
 *   <li>{@value #REVENUE_QUERY}: {@link CategoryRevenue} (5-minute windows, decimals);</li>
 *   <li>{@value #CONVERSIONS_QUERY}: {@link Conversions} (the stream-stream join, a click counted once);</li>
 *   <li>{@value #SESSIONS_QUERY}: {@link Sessions} (30 minutes of event-time inactivity);</li>
 * </ul>
 * and {@value #CLICKS_DEAD_LETTERS} and {@value #TRANSACTIONS_DEAD_LETTERS}. Every pattern runs in append
 * mode: each window and session is handed to its sink once, when the watermark closes it.
 *
 * <p>State: with {@link Options#rocksDb()}, in RocksDB (SPEC section 10): the sessions and the join
 * hold much more than a window's sums, and RocksDB keeps it off the JVM heap. The store is chosen for
 * the session the job runs on, before its queries start; a query keeps the store it was started with
 * on its checkpoint.
 *
 * <p>Delivery is each sink's: the chapter writes revenue as Parquet with {@code FileSink} (exactly once
 * per batch), conversions and sessions to Kafka as JSON with {@link KafkaSink#asJson} (at least once,
 * each record with the {@code spark.batch.id} header), page views to the console.
 */
public final class ClickstreamJob {
    public static final String PAGE_VIEWS_QUERY = "clickstream-page-views";
    public static final String REVENUE_QUERY = "clickstream-revenue";
    public static final String CONVERSIONS_QUERY = "clickstream-conversions";
    public static final String SESSIONS_QUERY = "clickstream-sessions";
    public static final String CLICKS_DEAD_LETTERS = "clickstream-clicks-dead-letters";
    public static final String TRANSACTIONS_DEAD_LETTERS = "clickstream-transactions-dead-letters";
    public static final String ROCKSDB_PROVIDER = "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider";
    public static final String DEFAULT_CONVERSIONS_TOPIC = "analytics-results";
    public static final String DEFAULT_SESSIONS_TOPIC = "analytics-sessions";

    /**
     * The patterns and how the job runs them.
     *
     * @param maxClockSkew how far ahead of the processing clock an event may be stamped
     * @param rocksDb      keep the queries' state in RocksDB
     */
    public record Options(PageViews pageViews, CategoryRevenue revenue, Conversions conversions, Sessions sessions,
                          DecodeMode mode, Duration maxClockSkew, Duration trigger, boolean rocksDb) {
        public Options {
            Objects.requireNonNull(pageViews, "pageViews");
            Objects.requireNonNull(revenue, "revenue");
            Objects.requireNonNull(conversions, "conversions");
            Objects.requireNonNull(sessions, "sessions");
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(maxClockSkew, "maxClockSkew");
            Objects.requireNonNull(trigger, "trigger");
        }

        /** The patterns of SPEC section 10, a micro-batch every {@code trigger}, RocksDB. */
        public static Options defaults(Duration trigger) {
            return new Options(new PageViews(), new CategoryRevenue(), new Conversions(), new Sessions(),
                    DecodeMode.PERMISSIVE, ClickstreamColumns.DEFAULT_MAX_CLOCK_SKEW, trigger, true);
        }
    }

    /** Where each query's rows go: rows of {@link ClickstreamColumns}'s output schemas, and the dead letters. */
    public record Sinks(BatchSink pageViews, BatchSink revenue, BatchSink conversions, BatchSink sessions,
                        BatchSink deadLetters) {
        public Sinks {
            Objects.requireNonNull(pageViews, "pageViews");
            Objects.requireNonNull(revenue, "revenue");
            Objects.requireNonNull(conversions, "conversions");
            Objects.requireNonNull(sessions, "sessions");
            Objects.requireNonNull(deadLetters, "deadLetters");
        }
    }

    private final Options options;
    private final Sinks sinks;

    public ClickstreamJob(Options options, Sinks sinks) {
        this.options = Objects.requireNonNull(options, "options");
        this.sinks = Objects.requireNonNull(sinks, "sinks");
    }

    /** Starts the four queries and the two dead-letter queries. */
    public List<StreamingQuery> start(StreamingJob job, StreamSource clicks, StreamSource transactions) {
        if (options.rocksDb()) {
            job.spark().conf().set("spark.sql.streaming.stateStore.providerClass", ROCKSDB_PROVIDER);
        }
        TextDecoder clicksDecoder = ClickstreamColumns.clicksDecoder(options.maxClockSkew()).withMode(options.mode());
        TextDecoder transactionsDecoder = ClickstreamColumns.transactionsDecoder(options.maxClockSkew())
                .withMode(options.mode());
        return List.of(
                start(job, PAGE_VIEWS_QUERY, options.pageViews().apply(valid(job, clicks, clicksDecoder)), sinks.pageViews()),
                start(job, REVENUE_QUERY, options.revenue().apply(valid(job, transactions, transactionsDecoder)),
                        sinks.revenue()),
                start(job, CONVERSIONS_QUERY, options.conversions().apply(valid(job, clicks, clicksDecoder),
                        valid(job, transactions, transactionsDecoder)), sinks.conversions()),
                start(job, SESSIONS_QUERY, options.sessions().apply(valid(job, clicks, clicksDecoder)), sinks.sessions()),
                start(job, CLICKS_DEAD_LETTERS, decode(job, clicks, clicksDecoder).deadLetters(), sinks.deadLetters()),
                start(job, TRANSACTIONS_DEAD_LETTERS, decode(job, transactions, transactionsDecoder).deadLetters(),
                        sinks.deadLetters()));
    }

    private StreamingQuery start(StreamingJob job, String name, Dataset<Row> rows, BatchSink sink) {
        VoidFunction2<Dataset<Row>, Long> batches = sink::write;
        return job.start(name, rows.writeStream().outputMode("append")
                .trigger(Trigger.ProcessingTime(options.trigger().toMillis())).foreachBatch(batches));
    }

    private static Dataset<Row> valid(StreamingJob job, StreamSource source, TextDecoder decoder) {
        return decode(job, source, decoder).valid();
    }

    private static DecodedRows decode(StreamingJob job, StreamSource source, TextDecoder decoder) {
        return decoder.decode(source.readStream(job.spark()));
    }
}
