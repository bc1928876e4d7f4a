package dev.streampatterns.benchmarks;

import dev.streampatterns.analytics.clickstream.ClickstreamColumns;
import dev.streampatterns.analytics.clickstream.ClickstreamJob;
import dev.streampatterns.analytics.clickstream.Sessions;
import dev.streampatterns.core.job.CheckpointLocations;
import dev.streampatterns.core.job.StreamingJob;
import dev.streampatterns.core.source.KafkaSource;
import dev.streampatterns.generators.ClickstreamDataset;
import dev.streampatterns.generators.ClickstreamDataset.Click;
import dev.streampatterns.generators.GeneratorReport;
import dev.streampatterns.generators.ProducerRecordData;
import dev.streampatterns.generators.RecordFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Scenario: the clickstream's sessions holding {@code --events} open sessions — one click each, spread
 * over 20 minutes of event time, so that none has met its 30 minutes of inactivity when the stream
 * ends — with their state in RocksDB against Spark's default HDFS-backed store (the baseline), in the
 * same run: the state's memory as the state store reports it, the JVM's peak heap, and the rate at which
 * the sessions were taken in. Both must hold as many session rows as clicks were sent.
 */
final class SessionsStateScenario implements Scenario {
    static final String NAME = "clickstream-state";
    private static final String HDFS_PROVIDER = "org.apache.spark.sql.execution.streaming.state.HDFSBackedStateStoreProvider";
    private static final String PROVIDER = "spark.sql.streaming.stateStore.providerClass";
    private static final Duration SPREAD = Duration.ofMinutes(20);

    @Override
    public List<ResultRow> run(BenchmarkContext context) throws Exception {
        long sessions = context.options().events();
        String topic = context.newTopic("open-sessions");
        GeneratorReport loaded = context.generate(new OpenSessions(sessions), context.generatorOptions(topic, sessions)
                .malformedFraction(0).build());
        context.log(String.format(Locale.ROOT, "loaded %,d clicks of as many sessions into %s in %.1f s",
                loaded.validSent(), topic, loaded.elapsed().toMillis() / 1000.0));
        return Runs.measure(context, NAME, List.of(new SessionsRun(context, topic, HDFS_PROVIDER, "HDFS-backed (Spark's default)"),
                new SessionsRun(context, topic, ClickstreamJob.ROCKSDB_PROVIDER, "RocksDB")));
    }

    /** One click of each of {@code count} sessions, spread evenly over {@link #SPREAD} of event time. */
    private record OpenSessions(long count) implements RecordFactory {
        @Override
        public String name() {
            return "open-sessions";
        }

        @Override
        public ProducerRecordData next(Random random, long index) {
            Instant time = ClickstreamDataset.DEFAULT_START.plusMillis(SPREAD.toMillis() * index / count);
            String user = "user_" + (1 + index % ClickstreamDataset.USERS);
            ClickstreamDataset.Product product = ClickstreamDataset.PRODUCTS.get((int) (index % 5));
            Click click = new Click("evt_" + index, user, "sess_bench_" + index, product.id(), product.category(), "view",
                    time, "/product/" + product.id(), "direct", false);
            return ProducerRecordData.of(user.getBytes(StandardCharsets.UTF_8), click.json().getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public byte[] malformedValue(Random random, long index) {
            throw new UnsupportedOperationException("this scenario sends no malformed record");
        }
    }

    /** The state's size after the run. */
    private record OpenState(long rows) implements Variant.RunResult {
        @Override
        public String disagreement(Variant.RunResult baseline) {
            long other = ((OpenState) baseline).rows();
            return rows == other ? null : rows + " session rows against " + other;
        }
    }

    /** The sessions pattern on the topic, its state in {@code provider}. */
    private static final class SessionsRun implements Variant {
        private final BenchmarkContext context;
        private final String topic;
        private final String provider;
        private final String store;
        private StreamingJob job;

        SessionsRun(BenchmarkContext context, String topic, String provider, String store) {
            this.context = context;
            this.topic = topic;
            this.provider = provider;
            this.store = store;
        }

        @Override
        public String name() {
            return "Sessions, state in " + store;
        }

        @Override
        public void prepare() {
            job = StreamingJob.create(context.spark(), CheckpointLocations.temporary(), null);
            context.spark().conf().set(PROVIDER, provider);
        }

        @Override
        public Outcome run() throws TimeoutException {
            Dataset<Row> clicks = ClickstreamColumns.clicksDecoder(ClickstreamColumns.DEFAULT_MAX_CLOCK_SKEW)
                    .decode(KafkaSource.stream(context.source(topic)).readStream(context.spark())).valid();
            VoidFunction2<Dataset<Row>, Long> none = (batch, batchId) -> batch.count();
            StreamingQuery query = job.start("bench-sessions", new Sessions().apply(clicks).writeStream()
                    .outputMode("append").trigger(Trigger.ProcessingTime(0)).foreachBatch(none));
            job.processAllAvailable();
            StreamingQueryProgress last = query.lastProgress();
            query.stop();
            long rows = Arrays.stream(last.stateOperators()).mapToLong(StateOperatorProgress::numRowsTotal).sum();
            long bytes = Arrays.stream(last.stateOperators()).mapToLong(StateOperatorProgress::memoryUsedBytes).sum();
            if (rows == 0) {
                throw new IllegalStateException("the sessions' state is empty after " + context.options().events()
                        + " clicks");
            }
            return new Outcome(context.options().events(), new OpenState(rows), String.format(Locale.ROOT,
                    "%,d session rows in state, state store memory %,.0f MiB", rows, bytes / 1048576.0));
        }

        @Override
        public void cleanup() {
            job.close();
            context.spark().conf().unset(PROVIDER);
        }
    }
}
