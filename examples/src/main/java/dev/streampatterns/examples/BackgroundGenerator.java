package dev.streampatterns.examples;

import dev.streampatterns.generators.Generator;
import dev.streampatterns.generators.GeneratorOptions;
import dev.streampatterns.generators.GeneratorReport;
import dev.streampatterns.generators.ProducerFactory;
import dev.streampatterns.generators.RecordFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An example's generator, run beside its job: a throttled generator sends while the query consumes;
 * an unthrottled one is awaited first, so the first batch holds everything it sent. It runs on a
 * daemon thread of its own (not the common pool, which Spark and the JVM share), and
 * {@link #close()} stops it: a chapter whose query failed does not wait for the generator to end.
 */
public final class BackgroundGenerator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundGenerator.class);
    private final CompletableFuture<GeneratorReport> run;
    private final ExecutorService thread;

    private BackgroundGenerator(CompletableFuture<GeneratorReport> run, ExecutorService thread) {
        this.run = run;
        this.thread = thread;
    }

    /** Starts sending (nothing when {@code events} is 0); waits for the end when unthrottled. */
    public static BackgroundGenerator start(String bootstrapServers, RecordFactory dataset, GeneratorOptions options,
                                            long events) throws InterruptedException {
        if (events == 0) {
            return new BackgroundGenerator(CompletableFuture.completedFuture(null), null);
        }
        ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
            Thread generatorThread = new Thread(task, "generator-" + options.topic());
            generatorThread.setDaemon(true);
            return generatorThread;
        });
        BackgroundGenerator generator = new BackgroundGenerator(CompletableFuture.supplyAsync(() -> {
            try (KafkaProducer<byte[], byte[]> producer = ProducerFactory.create(bootstrapServers, Map.of())) {
                GeneratorReport report = new Generator(producer, dataset, options).run();
                LOG.info(String.format(Locale.ROOT, "generator: %,d events and %,d malformed records sent to %s in %.1f s",
                        report.validSent(), report.malformedSent(), options.topic(), report.elapsed().toMillis() / 1000.0));
                return report;
            }
        }, thread), thread);
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

    /** Waits at most {@code timeout} for the generator to have sent everything; rethrows its failure. */
    public boolean awaitDone(Duration timeout) throws InterruptedException {
        try {
            run.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("the generator failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * What the generator sent, once it is done ({@link #awaitDone}); nothing sent when it was asked
     * for no events.
     */
    public GeneratorReport report() {
        GeneratorReport report = run.getNow(null);
        if (report == null && !run.isDone()) {
            throw new IllegalStateException("the generator is still sending");
        }
        return report != null ? report : new GeneratorReport(0, 0, Duration.ZERO, 0);
    }

    /** Stops the generator if it still sends (its thread is interrupted). */
    @Override
    public void close() {
        if (thread != null) {
            thread.shutdownNow();
        }
    }
}
