package dev.streampatterns.benchmarks;

import dev.streampatterns.analytics.userevents.TopUsersByValue;
import dev.streampatterns.analytics.userevents.UserEventsSummary;
import dev.streampatterns.core.batch.BatchRun;
import dev.streampatterns.core.job.CheckpointLocations;
import dev.streampatterns.core.job.StreamingJob;
import dev.streampatterns.analytics.userevents.UserEventsJob;
import dev.streampatterns.core.source.KafkaSource;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Scenario 1: the example's user-events pipeline ({@link UserEventsJob}: Kafka source →
 * protobuf decoder → one cached batch → rows, sample, events per action, top 5 users) over
 * {@code --events} events already in the broker, started with {@code Trigger.AvailableNow()} — one
 * micro-batch holding every event, then the query stops — against a plain {@code KafkaConsumer}
 * computing the same two results in Java maps. Both results must agree, every run. A second Spark
 * variant polls Kafka 500 records at a time, as the source did before it polled large by default.
 *
 * <p>A run is timed from the query's start to its end, its results on the driver: query
 * start-up, planning, reading Kafka, decoding, caching and the five actions of the batch.
 */
final class PipelineScenario implements Scenario {
    static final String NAME = "pipeline";
    static final int TOP_N = TopUsersByValue.DEFAULT_N;
    private static final int SAMPLE_ROWS = 5;
    /**
     * The consumer's own fetch wait, which the Kafka source used before it waited 10 ms
     * ({@code KafkaSourceOptions.DEFAULT_CONSUMER_SETTINGS}): the variant that shows what that default is worth.
     */
    static final Map<String, String> CONSUMER_DEFAULT_WAIT = Map.of("fetch.max.wait.ms", "500");
    /** The consumer's own polls and fetch wait, as the source had them before it set its defaults. */
    static final Map<String, String> CONSUMER_DEFAULTS = Map.of(
            "max.poll.records", "500",
            "max.partition.fetch.bytes", String.valueOf(1024 * 1024),
            "fetch.max.wait.ms", "500");

    @Override
    public List<ResultRow> run(BenchmarkContext context) throws Exception {
        String topic = context.userEventsTopic();
        String servers = context.bootstrapServers();
        context.spark();
        Variant baseline = new Variant() {
            @Override
            public String name() {
                return "KafkaConsumer + generated parse + Java maps, 1 thread";
            }

            @Override
            public Outcome run() {
                UserEventsResults results = PlainConsumerBaseline.consume(servers, topic, TOP_N);
                return new Outcome(results.rows() + results.deadLetters(), results, "");
            }
        };
        return Runs.measure(context, NAME, List.of(baseline, new PipelineRun(context, topic, Map.of()),
                new PipelineRun(context, topic, CONSUMER_DEFAULT_WAIT), new PipelineRun(context, topic, CONSUMER_DEFAULTS)));
    }

    /** A start of the pipeline on {@code --master}'s session. */
    static Variant pipelineRun(BenchmarkContext context, String topic) {
        return new PipelineRun(context, topic, Map.of());
    }

    /** A start of the pipeline on the session {@code spark} gives, described as running on {@code where}. */
    static Variant pipelineRun(BenchmarkContext context, String topic, String where,
                               java.util.function.Supplier<org.apache.spark.sql.SparkSession> spark) {
        return new PipelineRun(context, topic, Map.of(), where, spark);
    }

    /** One start of the pipeline; the query is stopped after the timed section. */
    private static final class PipelineRun implements Variant {
        private final BenchmarkContext context;
        private final String topic;
        private final Map<String, String> consumerSettings;
        private final List<UserEventsSummary> summaries = new CopyOnWriteArrayList<>();
        private final List<BatchRun> runs = new CopyOnWriteArrayList<>();
        private final String where;
        private final java.util.function.Supplier<org.apache.spark.sql.SparkSession> spark;
        private StreamingJob job;

        PipelineRun(BenchmarkContext context, String topic, Map<String, String> consumerSettings) {
            this(context, topic, consumerSettings, context.options().master(), context::spark);
        }

        PipelineRun(BenchmarkContext context, String topic, Map<String, String> consumerSettings, String where,
                    java.util.function.Supplier<org.apache.spark.sql.SparkSession> spark) {
            this.context = context;
            this.topic = topic;
            this.consumerSettings = consumerSettings;
            this.where = where;
            this.spark = spark;
        }

        @Override
        public String name() {
            return "Spark UserEventsJob, " + where + ", decoder by "
                    + context.options().decoder().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                    + (consumerSettings.isEmpty() ? ", source defaults" : ", source " + new TreeMap<>(consumerSettings))
                    + ", available-now";
        }

        @Override
        public void prepare() {
            summaries.clear();
            runs.clear();
            job = StreamingJob.create(spark.get(), CheckpointLocations.temporary(), null);
        }

        @Override
        public Outcome run() {
            UserEventsJob pipeline = new UserEventsJob(context.pipelineDecoder(), new TopUsersByValue(TOP_N),
                    SAMPLE_ROWS, null, summaries::add, runs::add);
            StreamingQuery query = pipeline.start(job, KafkaSource.stream(context.source(topic, consumerSettings)), Trigger.AvailableNow());
            try {
                query.awaitTermination();
            } catch (StreamingQueryException e) {
                throw new IllegalStateException("the pipeline failed: " + e.getMessage(), e);
            }
            if (summaries.size() != 1 || runs.size() != 1) {
                throw new IllegalStateException("expected one batch holding every event, got " + summaries.size());
            }
            BatchRun run = runs.get(0);
            return new Outcome(run.rows(), UserEventsResults.of(summaries.get(0)), String.format(Locale.ROOT,
                    "1 batch, %,d records decoded, batch %,d ms", run.decodes(), run.millis()));
        }

        @Override
        public void cleanup() {
            job.close();
        }
    }
}
