package dev.streampatterns.benchmarks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The benchmark's scenarios by name, in the order they run, each with the line {@code --help} shows. */
final class Scenarios {
    /** A scenario's one-line description and how to make it. */
    record Entry(String description, Supplier<Scenario> factory) {
    }

    private static final Map<String, Entry> ALL = new LinkedHashMap<>();

    static {
        ALL.put(PipelineScenario.NAME, new Entry("user-events pipeline (decode, cached batch, events per action, "
                + "top 5 users) on events already in the broker, one batch; baseline: one KafkaConsumer thread, "
                + "generated-class parse, Java maps", PipelineScenario::new));
        ALL.put(DecodersScenario.NAME, new Entry("ProtobufDecoder by descriptor and by generated class over "
                + "in-memory bytes (no Kafka); baseline: the generated class's parseFrom in plain Java threads",
                DecodersScenario::new));
        ALL.put(CachedBatchScenario.NAME, new Entry("three analyses (events per action, top 5 users, dead letters) "
                + "on one batch read from Kafka: CachedBatch against the uncached batch (baseline); batch time and "
                + "records decoded", CachedBatchScenario::new));
        ALL.put(LatencyScenario.NAME, new Entry("user-events pipeline under a sustained generator rate: event time "
                + "to sink-visible time (p50/p95/p99) and the rate the generator kept (ratio: kept / asked)",
                LatencyScenario::new));
        ALL.put(OrdersScenario.NAME, new Entry("the orders pattern (OrderTotals, 5 s windows per product, decimal "
                + "totals) through its strict JSON decoder on orders already in the broker, one batch and the batch that "
                + "closes the windows; baseline: one KafkaConsumer thread, Jackson, BigDecimal in Java maps",
                OrdersScenario::new));
        ALL.put(LeaderboardScenario.NAME, new Entry("a board's Redis writes: --events increments of distinct "
                + "members through core's RedisSink (one exactly-once batch); baseline: redis-benchmark ZINCRBY on the "
                + "same redis-server; then the live page's latency, batch committed -> shown, by an event-stream client "
                + "(baseline) and by headless Chromium", LeaderboardScenario::new));
        ALL.put(ClickstreamLatencyScenario.NAME, new Entry("the clickstream's four queries together while the generator "
                + "sends --latency-rate events/s for --latency-duration to its two topics: per query, each event's Kafka "
                + "timestamp to its batch at the sink, p50/p95/p99 (ratio: the rate kept / asked)",
                ClickstreamLatencyScenario::new));
        ALL.put(SessionsStateScenario.NAME, new Entry("the clickstream's sessions holding --events open sessions (one "
                + "click each, none closed): state memory, peak heap and intake rate with the state in RocksDB; baseline: "
                + "Spark's default HDFS-backed store, same run", SessionsStateScenario::new));
        ALL.put(PredictionsScenario.NAME, new Entry("the sentiment of --events review lines (cached) through "
                + "SentimentPredictions on Spark: the model in-process, the model server with 100 reviews per call, and "
                + "with one per call; baseline: the model alone in plain Java threads", PredictionsScenario::new));
        ALL.put(ClusterScenario.NAME, new Entry("the user-events pipeline (as in pipeline) on a Spark standalone "
                + "cluster of 2 workers x 1 core on 127.0.0.1, tasks in executor JVMs; baseline: the same pipeline on "
                + "local[*] in this JVM, same run", ClusterScenario::new));
        ALL.put(ProducerScenario.NAME, new Entry("the generator's producer rate (UserEventsDataset, unthrottled, "
                + "acks=all, lz4); baseline: a KafkaProducer with the same settings sending records made beforehand",
                ProducerScenario::new));
    }

    static final List<String> NAMES = List.copyOf(ALL.keySet());

    private Scenarios() {
    }

    static Entry get(String name) {
        Entry entry = ALL.get(name);
        if (entry == null) {
            throw new IllegalArgumentException("unknown scenario " + name + "; known: " + NAMES);
        }
        return entry;
    }
}
