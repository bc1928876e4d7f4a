package dev.streampatterns.generators;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link RecordFactory} into a Kafka topic: seeded, rate-limited, bounded by count and/or
 * duration, with malformed records injected at a fraction.
 *
 * <p>Determinism: valid records come from {@code new Random(options.seed())}, used for nothing
 * else; malformed values come from a second {@code Random} derived from the seed
 * ({@link #malformedSeed(long)}); where they are injected is a formula
 * ({@link MalformedInjection}). The same seed therefore gives the same records in the same order,
 * and the valid ones are the same whatever the malformed fraction.
 *
 * <p>Delivery: records are sent asynchronously with the producer given (see
 * {@link ProducerFactory}: acks=all, idempotent); the run flushes before returning, so the
 * returned report counts acknowledged records only. The first failed send fails the run with a
 * {@link GeneratorException}; nothing is dropped silently. Ordering within a partition is the send
 * order.
 *
 * <p>{@link #run()} blocks the calling thread; {@link #stop()} may be called from any thread (a
 * shutdown hook, a test) and makes the run end after the record in progress, flushing what was sent.
 * A generator runs once.
 */
public final class Generator {

    private static final Logger LOG = LoggerFactory.getLogger(Generator.class);

    private final Producer<byte[], byte[]> producer;
    private final RecordFactory dataset;
    private final GeneratorOptions options;
    private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
    private final Callback failureCallback = (metadata, exception) -> {
        if (exception != null) {
            sendFailure.compareAndSet(null, exception);
        }
    };
    private volatile boolean stopRequested;
    private boolean started;

    /**
     * @param producer the producer to send with; the caller keeps ownership and closes it
     * @param dataset  the records to send
     * @param options  topic, seed, rate, bounds, malformed fraction
     */
    public Generator(Producer<byte[], byte[]> producer, RecordFactory dataset, GeneratorOptions options) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.dataset = Objects.requireNonNull(dataset, "dataset");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Sends records until {@code maxEvents} valid events were sent, {@code maxDuration} passed, or
     * {@link #stop()} was called; then flushes.
     *
     * @return counts of the acknowledged records and the achieved rate
     * @throws GeneratorException if any record could not be sent
     * @throws IllegalStateException if this generator already ran
     */
    public GeneratorReport run() {
        synchronized (this) {
            if (started) {
                throw new IllegalStateException("A Generator runs once; create a new one");
            }
            started = true;
        }
        LOG.info("{}: generating to topic '{}' (seed {}, {}, {}, malformed fraction {})",
                dataset.name(), options.topic(), options.seed(),
                options.eventsPerSecond() > 0 ? options.eventsPerSecond() + " events/s" : "unthrottled",
                describeBounds(), options.malformedFraction());

        Random random = new Random(options.seed());
        Random malformedRandom = new Random(malformedSeed(options.seed()));
        RateLimiter limiter = new RateLimiter(options.eventsPerSecond());
        long start = System.nanoTime();
        Deadline deadline = new Deadline(start, options.maxDuration());
        ProgressLog progress = new ProgressLog(dataset.name(), options.progressInterval().toNanos(), start);

        long valid = 0;
        long malformed = 0;
        while (!stopRequested && (options.maxEvents() == 0 || valid < options.maxEvents())) {
            if (!limiter.acquire(() -> stopRequested || deadline.passed()) || deadline.passed()) {
                break;
            }
            send(dataset.next(random, valid), valid + malformed);
            if (MalformedInjection.injectAfter(valid, options.malformedFraction())) {
                send(ProducerRecordData.of(null, dataset.malformedValue(malformedRandom, valid)), valid + malformed + 1);
                malformed++;
            }
            valid++;
            progress.maybeLog(System.nanoTime(), valid, malformed);
        }

        flush(valid + malformed);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        GeneratorReport report = new GeneratorReport(valid, malformed, elapsed, rate(valid, elapsed));
        LOG.info("{}: done, {} sent ({} malformed) in {} ms, {} events/s",
                dataset.name(), ProgressLog.format(valid), ProgressLog.format(malformed), elapsed.toMillis(),
                ProgressLog.format(Math.round(report.eventsPerSecond())));
        return report;
    }

    /** Asks a running (or not yet started) generator to stop; safe from any thread. */
    public void stop() {
        stopRequested = true;
    }

    /**
     * The seed of the {@code Random} behind malformed values: the SplitMix64 finaliser of
     * {@code seed} plus a constant, so it is unrelated to {@code new Random(seed)}'s sequence.
     */
    static long malformedSeed(long seed) {
        long z = seed + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private void send(ProducerRecordData data, long alreadySent) {
        failIfSendFailed(alreadySent);
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(
                data.topic() != null ? data.topic() : options.topic(), null, data.timestampMillis(), data.key(),
                data.value());
        try {
            producer.send(record, failureCallback);
        } catch (RuntimeException e) {
            // Synchronous failures: metadata not available within max.block.ms, a closed producer...
            throw failure(alreadySent, e);
        }
    }

    private void flush(long sent) {
        try {
            producer.flush();
        } catch (RuntimeException e) {
            throw failure(sent, e);
        }
        failIfSendFailed(sent);
    }

    /** Sends complete asynchronously: a failure reported by a callback stops the run at the next record. */
    private void failIfSendFailed(long sent) {
        Exception failure = sendFailure.get();
        if (failure != null) {
            throw failure(sent, failure);
        }
    }

    private GeneratorException failure(long sent, Exception cause) {
        return new GeneratorException(dataset.name() + ": sending to topic '" + options.topic() + "' failed after "
                + sent + " records were handed to the producer: " + cause, cause);
    }

    private String describeBounds() {
        if (options.maxEvents() > 0 && options.maxDuration() != null) {
            return "up to " + options.maxEvents() + " events or " + options.maxDuration();
        }
        return options.maxEvents() > 0 ? options.maxEvents() + " events" : "for " + options.maxDuration();
    }

    private static double rate(long events, Duration elapsed) {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds > 0 ? events / seconds : 0;
    }

    /** The end of a duration-bounded run, or never. */
    private static final class Deadline {
        private final long startNanos;
        private final long limitNanos;

        Deadline(long startNanos, Duration maxDuration) {
            this.startNanos = startNanos;
            // Duration.toNanos() overflows past ~292 years; such a bound is no bound.
            this.limitNanos = maxDuration == null || maxDuration.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0
                    ? Long.MAX_VALUE
                    : maxDuration.toNanos();
        }

        boolean passed() {
            return limitNanos != Long.MAX_VALUE && System.nanoTime() - startNanos >= limitNanos;
        }
    }
}
