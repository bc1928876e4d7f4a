package dev.streampatterns.benchmarks;

import dev.streampatterns.generators.Generator;
import dev.streampatterns.generators.GeneratorReport;
import dev.streampatterns.generators.ProducerFactory;
import dev.streampatterns.generators.ProducerRecordData;
import dev.streampatterns.generators.UserEventsDataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Scenario 5: the generators' producer rate — {@link Generator} with {@link UserEventsDataset},
 * unthrottled, {@code --events} events to a fresh topic — against a bare {@code KafkaProducer} with the
 * same settings ({@link ProducerFactory}) sending the same records made beforehand. The ratio is what
 * the generator's own work (seeded random events, protobuf serialisation, bookkeeping) costs.
 */
final class ProducerScenario implements Scenario {
    static final String NAME = "producer";

    @Override
    public List<ResultRow> run(BenchmarkContext context) throws Exception {
        return Runs.measure(context, NAME, List.of(new PrebuiltRecords(context), new GeneratorRun(context)));
    }

    /** Sent records, checked against the baseline's count. */
    record Sent(long records) implements Variant.RunResult {
        @Override
        public String disagreement(Variant.RunResult other) {
            return records == ((Sent) other).records ? null : records + " records against " + ((Sent) other).records;
        }
    }

    /** A fresh topic per run, and a producer whose metadata is already fetched. */
    private abstract static class ToFreshTopic implements Variant {
        final BenchmarkContext context;
        String topic;
        KafkaProducer<byte[], byte[]> producer;

        ToFreshTopic(BenchmarkContext context) {
            this.context = context;
        }

        @Override
        public void prepare() {
            topic = context.newTopic("producer");
            producer = ProducerFactory.create(context.bootstrapServers(), Map.of());
            producer.partitionsFor(topic);
        }

        @Override
        public void cleanup() {
            producer.close();
        }
    }

    private static final class PrebuiltRecords extends ToFreshTopic {
        private List<ProducerRecordData> records;

        PrebuiltRecords(BenchmarkContext context) {
            super(context);
        }

        @Override
        public String name() {
            return "KafkaProducer, records made beforehand";
        }

        @Override
        public void prepare() {
            super.prepare();
            if (records == null) {
                UserEventsDataset dataset = context.dataset();
                Random random = new Random(context.options().seed());
                records = new ArrayList<>();
                for (long i = 0; i < context.options().events(); i++) {
                    records.add(dataset.next(random, i));
                }
            }
        }

        @Override
        public Outcome run() {
            AtomicReference<Exception> failure = new AtomicReference<>();
            for (ProducerRecordData record : records) {
                producer.send(new ProducerRecord<>(topic, record.key(), record.value()), (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
            if (failure.get() != null) {
                throw new IllegalStateException("a send failed", failure.get());
            }
            return new Outcome(records.size(), new Sent(records.size()), "");
        }
    }

    private static final class GeneratorRun extends ToFreshTopic {
        GeneratorRun(BenchmarkContext context) {
            super(context);
        }

        @Override
        public String name() {
            return "Generator + UserEventsDataset";
        }

        @Override
        public Outcome run() {
            GeneratorReport report = new Generator(producer, context.dataset(),
                    context.generatorOptions(topic, context.options().events()).build()).run();
            return new Outcome(report.validSent(), new Sent(report.validSent()),
                    String.format(Locale.ROOT, "generator's own figure %,.0f events/s", report.eventsPerSecond()));
        }
    }
}
