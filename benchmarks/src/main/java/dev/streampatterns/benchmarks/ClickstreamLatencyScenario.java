package dev.streampatterns.benchmarks;

import dev.streampatterns.analytics.clickstream.ClickstreamJob;
import dev.streampatterns.core.job.CheckpointLocations;
import dev.streampatterns.core.job.StreamingJob;
import dev.streampatterns.core.sink.BatchSink;
import dev.streampatterns.core.source.KafkaSource;
import dev.streampatterns.generators.ClickstreamDataset;
import dev.streampatterns.generators.EventClock;
import dev.streampatterns.generators.GeneratorReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * Scenario: the clickstream chapter's four queries running together ({@link ClickstreamJob}: page
 * views, revenue, conversions, sessions, and the two dead-letter queries) while the clickstream
 * generator sends {@code --latency-rate} events/s for {@code --latency-duration} to its two topics:
 * for each query, each event's latency from its Kafka timestamp to the moment the query's batch that
 * read it had been handed to its sink (the sinks here only count the rows, so that the queries, not
 * Parquet or a second broker round trip, are measured). The baseline is the rate asked; the ratio is
 * the rate the generator kept. A query keeps up when its p99 stays under 10 s (SPEC section 9).
 *
 * <p>Every event is matched to its batch by the query's progress (each batch's end offsets per
 * topic and partition), then read back from Kafka for its timestamp. The state is in RocksDB, as the
 * chapter runs it. The windows close in event time, which runs at a millisecond per event here.
 */
final class ClickstreamLatencyScenario implements Scenario {
    static final String NAME = "clickstream";

    @Override
    public List<ResultRow> run(BenchmarkContext context) throws Exception {
        BenchmarkOptions options = context.options();
        String clicks = context.newTopic("clickstream");
        String transactions = context.newTopic("transactions");
        Map<String, Map<Long, Long>> visibleAt = new LinkedHashMap<>();
        for (String query : List.of(ClickstreamJob.PAGE_VIEWS_QUERY, ClickstreamJob.REVENUE_QUERY,
                ClickstreamJob.CONVERSIONS_QUERY, ClickstreamJob.SESSIONS_QUERY)) {
            visibleAt.put(query, new ConcurrentHashMap<>());
        }
        ClickstreamJob clickstream = new ClickstreamJob(ClickstreamJob.Options.defaults(options.latencyTrigger()),
                new ClickstreamJob.Sinks(stamping(visibleAt.get(ClickstreamJob.PAGE_VIEWS_QUERY)),
                        stamping(visibleAt.get(ClickstreamJob.REVENUE_QUERY)),
                        stamping(visibleAt.get(ClickstreamJob.CONVERSIONS_QUERY)),
                        stamping(visibleAt.get(ClickstreamJob.SESSIONS_QUERY)), (rows, batchId) -> rows.count()));
        // Every batch's progress is needed to place every event; Spark keeps the last 100 by default.
        context.spark().conf().set("spark.sql.streaming.numRecentProgressUpdates", "100000");
        GeneratorReport sent;
        Map<String, StreamingQuery> queries = new LinkedHashMap<>();
        Map<String, Map<String, Map<Integer, Long>>> measuredFrom = new LinkedHashMap<>();
        long cpu;
        long peak;
        try (StreamingJob job = StreamingJob.create(context.spark(), CheckpointLocations.temporary(), null)) {
            for (StreamingQuery query : clickstream.start(job, KafkaSource.stream(context.source(clicks)),
                    KafkaSource.stream(context.source(transactions)))) {
                queries.put(query.name(), query);
            }
            if (options.warmup() > 0) {
                // The first batches plan and compile six queries; their events are sent and not counted.
                send(context, clicks, transactions, WARM_UP, 0);
                job.processAllAvailable();
                for (Map.Entry<String, Map<Long, Long>> query : visibleAt.entrySet()) {
                    Map<String, Map<Integer, Long>> from = new LinkedHashMap<>();
                    for (String topic : topicsOf(query.getKey(), clicks, transactions)) {
                        from.put(topic, LatencyScenario.BatchIndex.of(topic, queries.get(query.getKey()).recentProgress(),
                                query.getValue()).lastEndOffsets());
                    }
                    measuredFrom.put(query.getKey(), from);
                }
            }
            context.heap().reset();
            cpu = BenchmarkContext.processCpuNanos();
            sent = send(context, clicks, transactions, options.latencyDuration(), 1);
            job.processAllAvailable();
            cpu = BenchmarkContext.processCpuNanos() - cpu;
            peak = context.heap().peak();
        } finally {
            context.spark().conf().unset("spark.sql.streaming.numRecentProgressUpdates");
        }
        double kept = sent.eventsPerSecond();
        List<ResultRow> rows = new ArrayList<>();
        for (Map.Entry<String, Map<Long, Long>> query : visibleAt.entrySet()) {
            StreamingQuery ran = queries.get(query.getKey());
            LatencyScenario.LongList all = new LatencyScenario.LongList();
            int batches = 0;
            for (String topic : topicsOf(query.getKey(), clicks, transactions)) {
                LatencyScenario.BatchIndex index = LatencyScenario.BatchIndex.of(topic, ran.recentProgress(), query.getValue());
                batches = Math.max(batches, index.count());
                Map<Integer, Long> from = measuredFrom.getOrDefault(query.getKey(), Map.of()).getOrDefault(topic, Map.of());
                for (long latency : LatencyScenario.latencies(context.bootstrapServers(), topic, index, from)) {
                    all.add(latency);
                }
            }
            Latencies l = Latencies.of(all.toArray());
            rows.add(new ResultRow(NAME, String.format(Locale.ROOT, "%s at %,.0f events/s for %s s, trigger %d ms",
                    query.getKey(), options.latencyRate(), options.latencyDuration().toSeconds(),
                    options.latencyTrigger().toMillis()), l.count(), sent.elapsed().toNanos() / 1e9, kept, cpu / 1e9, l,
                    peak, kept / options.latencyRate(), BenchmarkContext.loadAverage(), String.format(Locale.ROOT,
                    "kept %,.0f of %,.0f events/s; p95 %.0f ms, max %.0f ms; %d batches; %s", kept, options.latencyRate(),
                    l.p95(), l.max(), batches, l.p99() < 10_000 ? "keeps up (p99 < 10 s)" : "does NOT keep up (p99 >= 10 s)")));
        }
        return rows;
    }

    private static final Duration WARM_UP = Duration.ofSeconds(3);

    /** The topics a query reads. */
    private static List<String> topicsOf(String query, String clicks, String transactions) {
        return query.equals(ClickstreamJob.REVENUE_QUERY) ? List.of(transactions)
                : query.equals(ClickstreamJob.CONVERSIONS_QUERY) ? List.of(clicks, transactions) : List.of(clicks);
    }

    /** Sends the clickstream at the asked rate for {@code duration}; {@code run} keeps the runs' seeds apart. */
    private static GeneratorReport send(BenchmarkContext context, String clicks, String transactions, Duration duration,
                                        long run) {
        return context.generate(new ClickstreamDataset(EventClock.of(ClickstreamDataset.DEFAULT_START,
                Duration.ofMillis(1)), clicks, transactions), context.generatorOptions(clicks, 0).seed(run)
                .maxDuration(duration).eventsPerSecond(context.options().latencyRate()).malformedFraction(0).build());
    }

    /** A sink that takes the batch's rows and notes when it had them. */
    private static BatchSink stamping(Map<Long, Long> visibleAt) {
        return (rows, batchId) -> {
            rows.count();
            visibleAt.put(batchId, System.currentTimeMillis());
        };
    }
}
