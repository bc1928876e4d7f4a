package dev.streampatterns.examples;

import dev.streampatterns.generators.Generator;
import dev.streampatterns.generators.GeneratorOptions;
import dev.streampatterns.generators.GeneratorReport;
import dev.streampatterns.generators.ProducerFactory;
import dev.streampatterns.generators.RecordFactory;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An example's generator, run beside its job: a throttled generator sends while the query consumes;
 * an unthrottled one is awaited first, so the first batch holds everything it sent.
 */
public final class BackgroundGenerator {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundGenerator.class);
    private final CompletableFuture<GeneratorReport> run;

    private BackgroundGenerator(CompletableFuture<GeneratorReport> run) {
        this.run = run;
    }

    /** Starts sending (nothing when {@code events} is 0); waits for the end when unthrottled. */
    public static BackgroundGenerator start(String bootstrapServers, RecordFactory dataset, GeneratorOptions options,
                                            long events) throws InterruptedException {
        if (events == 0) {
            return new BackgroundGenerator(CompletableFuture.completedFuture(null));
        }
        BackgroundGenerator generator = new BackgroundGenerator(CompletableFuture.supplyAsync(() -> {
            try (KafkaProducer<byte[], byte[]> producer = ProducerFactory.create(bootstrapServers, Map.of())) {
                GeneratorReport report = new Generator(producer, dataset, options).run();
                LOG.info(String.format(Locale.ROOT, "generator: %,d events and %,d malformed records sent to %s in %.1f s",
                        report.validSent(), report.malformedSent(), options.topic(), report.elapsed().toMillis() / 1000.0));
                return report;
            }
        }));
        if (options.eventsPerSecond() <= 0) {
            generator.awaitDone();
        }
        return generator;
    }

    /** Blocks until the generator has sent everything; rethrows its failure. */
    public void awaitDone() throws InterruptedException {
        try {
            run.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the generator failed: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
