package dev.streampatterns.benchmarks;

import dev.streampatterns.analytics.userevents.EventsPerAction;
import dev.streampatterns.analytics.userevents.TopUsersByValue;
import dev.streampatterns.core.sink.BatchSink;
import dev.streampatterns.core.batch.BatchRun;
import dev.streampatterns.core.batch.CachedBatch;
import dev.streampatterns.core.decode.DecodedRows;
import dev.streampatterns.core.decode.ProtobufDecoder;
import dev.streampatterns.core.source.KafkaSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Scenario 3: one batch of {@code --events} Kafka records, decoded, with three analyses — events per
 * action, top 5 users, dead letters — run on a {@link CachedBatch} (persisted once, decoded once)
 * against the same three analyses on the uncached batch, where each analysis reads Kafka and decodes
 * every record again. The decode counts come from {@code Decoder.recordsDecoded()}.
 */
final class CachedBatchScenario implements Scenario {
    static final String NAME = "cached-batch";

    @Override
    public List<ResultRow> run(BenchmarkContext context) throws Exception {
        String topic = context.userEventsTopic();
        context.spark();
        return Runs.measure(context, NAME, List.of(new Batch(context, topic, false), new Batch(context, topic, true)));
    }

    /** What the three analyses found, the same whether the batch was cached or not. */
    record Found(List<Row> eventsPerAction, List<Row> topUsers, long deadLetters) implements Variant.RunResult {
        @Override
        public String disagreement(Variant.RunResult other) {
            Found baseline = (Found) other;
            return UserEventsResults.of(0, deadLetters, eventsPerAction, topUsers)
                    .disagreement(UserEventsResults.of(0, baseline.deadLetters, baseline.eventsPerAction, baseline.topUsers));
        }
    }

    private static final class Batch implements Variant {
        private final BenchmarkContext context;
        private final String topic;
        private final boolean cached;

        Batch(BenchmarkContext context, String topic, boolean cached) {
            this.context = context;
            this.topic = topic;
            this.cached = cached;
        }

        @Override
        public String name() {
            return cached ? "CachedBatch, 3 analyses" : "uncached batch, 3 analyses";
        }

        @Override
        public Outcome run() throws Exception {
            ProtobufDecoder decoder = context.pipelineDecoder();
            Dataset<Row> batch = decoder.decode(KafkaSource.read(context.spark(), context.source(topic))).all();
            AtomicReference<List<Row>> perAction = new AtomicReference<>();
            AtomicReference<List<Row>> top = new AtomicReference<>();
            AtomicLong dead = new AtomicLong();
            Map<String, BatchSink> analyses = new LinkedHashMap<>();
            analyses.put("events per action", (rows, id) ->
                    perAction.set(new EventsPerAction().apply(DecodedRows.of(rows).valid()).collectAsList()));
            analyses.put("top users", (rows, id) ->
                    top.set(new TopUsersByValue(PipelineScenario.TOP_N).apply(DecodedRows.of(rows).valid()).collectAsList()));
            analyses.put("dead letters", (rows, id) -> dead.set(DecodedRows.of(rows).deadLetters().count()));

            long decodesBefore = decoder.recordsDecoded().value();
            long rows;
            if (cached) {
                CachedBatch.Builder builder = CachedBatch.builder("benchmark").countingDecodesOf(decoder.recordsDecoded());
                analyses.forEach(builder::analysis);
                CachedBatch cachedBatch = builder.build();
                cachedBatch.call(batch, 0L);
                BatchRun run = cachedBatch.runs().get(0);
                rows = run.rows();
            } else {
                for (BatchSink analysis : analyses.values()) {
                    analysis.write(batch, 0L);
                }
                rows = perAction.get().stream().mapToLong(r -> r.getLong(1)).sum() + dead.get();
            }
            long decodes = decoder.recordsDecoded().value() - decodesBefore;
            return new Outcome(rows, new Found(perAction.get(), top.get(), dead.get()), String.format(Locale.ROOT,
                    "%,d records decoded (%.2f per record)", decodes, (double) decodes / rows));
        }
    }
}
