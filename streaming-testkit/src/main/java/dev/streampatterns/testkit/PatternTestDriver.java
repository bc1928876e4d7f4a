package dev.streampatterns.testkit;

import dev.streampatterns.core.decode.DeadLetter;
import dev.streampatterns.core.decode.DecodedRows;
import dev.streampatterns.core.decode.Decoder;
import dev.streampatterns.core.pattern.Pattern;
import dev.streampatterns.servers.TempFolders;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.MemoryStream;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Drives a streaming {@link Pattern} (or any {@code Dataset<Row> -> Dataset<Row>} transformation) through
 * real Structured Streaming micro-batches, without Kafka: add input rows, process, read the new
 * output rows, look at state and at rows dropped by the watermark.
 *
 * <pre>{@code
 * try (PatternTestDriver driver = PatternTestDriver.builder(spark, schema)
 *         .pattern(new ClicksPerWindow(Duration.ofSeconds(5)))   // or .pattern(events -> ...)
 *         .start()) {
 *     driver.addRows(RowFactory.create(times.t(1)));
 *     assertThat(driver.process()).isEmpty();          // window still open
 * }
 * }</pre>
 *
 * <p>Semantics:
 * <ul>
 *   <li>The input is Spark's in-memory stream source. The rows of one {@link #addRows} call always
 *       land in the same micro-batch (which is what watermark tests need); separate calls before a
 *       {@link #process()} may or may not share one, since the query runs in the background and
 *       may pick up rows as soon as they are added. Call {@link #process()} between calls to keep
 *       them apart.
 *   <li>{@link #process()} returns when no batch is pending, including the no-data batch Spark runs
 *       after the watermark moves (that is the batch in which append mode emits closed windows).
 *   <li>Output is collected with {@code foreachBatch} on the driver, in batch order; within a batch,
 *       rows come in the order of the batch's partitions, which after a shuffle is not meaningful,
 *       so compare aggregated output as a set or sort it.
 *   <li>The query checkpoints to a temporary folder that {@link #close()} deletes.
 * </ul>
 *
 * <p>With a {@link Builder#clock clock}, processing time is the test's: the queries trigger every
 * interval of a {@link TestClock} that the test moves ({@link #advanceClock}), each batch's
 * {@code current_timestamp()} is the clock's time, and {@link #process()} runs the batches the clock
 * has reached — the tool for processing-time triggers and timeouts.
 *
 * <p>With a {@link Builder#decoder decoder}, the input is raw records as Kafka gives them
 * ({@link #addRecords}): the pattern reads the decoder's valid rows, and its dead letters, with their
 * reasons, are collected apart ({@link #deadLetters()}), as a job's decoder splits them.
 *
 * <p>Not thread-safe: one test thread drives it.
 */
public final class PatternTestDriver implements AutoCloseable {

    private static final AtomicLong QUERY_COUNTER = new AtomicLong();
    /** How long {@link #process()} waits for the pending batches: far above any test's batches. */
    public static final Duration DEFAULT_PROCESS_TIMEOUT = Duration.ofMinutes(2);

    /** The name of the one input of a driver built with {@link #builder(SparkSession, StructType)}. */
    public static final String INPUT = "input";

    private final Map<String, MemoryStream<Row>> inputs;
    private final StreamingQuery query;
    private final OutputCollector output;
    private final Path checkpoint;
    /** With a decoder: the raw records, and the query that collects its dead letters; else null. */
    private final DecodedInput decoded;
    /** The processing clock the queries trigger on; null: the system clock. */
    private final TestClock clock;
    private final WatermarkDropCounter drops = new WatermarkDropCounter();
    /** Runs processAllAvailable, so that process(timeout) can stop waiting; one daemon thread per driver. */
    private final ExecutorService runner = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "pattern-test-driver");
        thread.setDaemon(true);
        return thread;
    });
    private boolean closed;

    private PatternTestDriver(Map<String, MemoryStream<Row>> inputs, StreamingQuery query, OutputCollector output,
                              Path checkpoint, DecodedInput decoded, TestClock clock) {
        this.inputs = inputs;
        this.query = query;
        this.output = output;
        this.checkpoint = checkpoint;
        this.decoded = decoded;
        this.clock = clock;
    }

    /**
     * The raw records of a driver with a decoder, the query that collects the decoder's dead letters
     * and its checkpoint.
     */
    private record DecodedInput(MemoryKafkaSource records, StreamingQuery deadLetterQuery,
                                OutputCollector deadLetters, Path checkpoint) {
    }

    /**
     * Starts describing a driver whose input is raw records decoded by {@code decoder}: add them with
     * {@link #addRecords}, read the pattern's output with {@link #process()} and the records the
     * decoder refused with {@link #deadLetters()}.
     */
    public static Builder builder(SparkSession spark, Decoder decoder) {
        return new Builder(spark).decoder(decoder);
    }

    /** Starts describing a driver of one input, {@value #INPUT}, whose rows follow {@code inputSchema}. */
    public static Builder builder(SparkSession spark, StructType inputSchema) {
        return new Builder(spark).input(INPUT, inputSchema);
    }

    /**
     * Starts describing a driver of named inputs ({@link Builder#input}), for a pattern of several
     * streams such as a stream-stream join ({@link Builder#patternOfInputs}).
     */
    public static Builder builder(SparkSession spark) {
        return new Builder(spark);
    }

    /**
     * Adds raw records with these values, as UTF-8 text (JSON, CSV), to a driver with a decoder; they
     * are records of topic {@value #INPUT}, partition 0, offsets from 0 in the order added, and land
     * in one micro-batch.
     */
    public void addRecords(String... values) {
        recordsInput().addText(values);
    }

    /** {@link #addRecords(String...)} with the values' bytes (protobuf). */
    public void addRecords(byte[]... values) {
        recordsInput().add(values);
    }

    private MemoryKafkaSource recordsInput() {
        ensureOpen();
        if (decoded == null) {
            throw new IllegalStateException("this driver has no decoder; add rows with addRows, or build it with "
                    + "builder(spark, decoder)");
        }
        return decoded.records();
    }

    /**
     * The records the decoder refused so far (as of the last {@link #process()}), with the columns of
     * {@link DeadLetter}: the raw value, its topic, partition and offset, and the reason.
     */
    public List<Row> deadLetters() {
        if (decoded == null) {
            throw new IllegalStateException("this driver has no decoder, so no dead letters");
        }
        return decoded.deadLetters().all().stream().flatMap(batch -> batch.rows().stream()).toList();
    }

    /** Adds rows to the only input; they are processed together, in one micro-batch. */
    public void addRows(Row... rows) {
        addRows(Arrays.asList(rows));
    }

    /** Adds rows to the only input; they are processed together, in one micro-batch. */
    public void addRows(List<Row> rows) {
        if (decoded != null) {
            throw new IllegalStateException("this driver decodes raw records: add them with addRecords");
        }
        if (inputs.size() != 1) {
            throw new IllegalStateException("this driver has inputs " + inputs.keySet() + "; name the input: "
                    + "addRows(input, rows)");
        }
        addRows(inputs.keySet().iterator().next(), rows);
    }

    /** Adds rows to the named input; the rows of one call land in one micro-batch. */
    public void addRows(String inputName, Row... rows) {
        addRows(inputName, Arrays.asList(rows));
    }

    /** Adds rows to the named input; the rows of one call land in one micro-batch. */
    public void addRows(String inputName, List<Row> rows) {
        Objects.requireNonNull(rows, "rows");
        ensureOpen();
        MemoryStream<Row> input = inputs.get(inputName);
        if (input == null) {
            throw new IllegalArgumentException(decoded != null ? "this driver decodes raw records: add them with "
                    + "addRecords" : "no input named '" + inputName + "'; inputs: " + inputs.keySet());
        }
        if (!rows.isEmpty()) {
            input.addData(CollectionConverters.asScala(rows));
        }
    }

    /**
     * Runs every pending micro-batch (including no-data batches that close windows or expire
     * state) and returns the output rows produced since the previous call, in batch order; fails
     * after {@link #DEFAULT_PROCESS_TIMEOUT}.
     *
     * @throws IllegalStateException if the query failed (the cause is Spark's exception) or did not
     *                               finish in time
     */
    public List<Row> process() {
        return process(DEFAULT_PROCESS_TIMEOUT);
    }

    /**
     * {@link #process()} with a limit: a pattern that never finishes a batch fails the test after
     * {@code timeout} instead of hanging it. On a timeout the query is stopped.
     */
    public List<Row> process(Duration timeout) {
        return processBatches(timeout).stream().flatMap(batch -> batch.rows().stream()).toList();
    }

    /**
     * {@link #process()}, keeping the batches apart: each micro-batch that ran since the previous call,
     * with its id and its rows (none for a batch that emitted nothing). What update and complete modes
     * need, where a batch's rows replace the previous batch's.
     */
    public List<OutputBatch> processBatches() {
        return processBatches(DEFAULT_PROCESS_TIMEOUT);
    }

    /**
     * Moves the driver's {@link Builder#clock clock} forward; the triggers it reaches run at the next
     * {@link #process()}.
     */
    public void advanceClock(Duration duration) {
        clock().advance(duration);
    }

    /** The driver's processing clock. */
    public TestClock clock() {
        if (clock == null) {
            throw new IllegalStateException("this driver runs on the system clock; build it with clock(start, interval)");
        }
        return clock;
    }

    /** {@link #processBatches()} with a limit, as {@link #process(Duration)}. */
    public List<OutputBatch> processBatches(Duration timeout) {
        ensureOpen();
        if (clock != null) {
            awaitClockTriggers(timeout);
            drops.update(query.recentProgress());
            return output.drainNew();
        }
        // The dead letters' query first: the pattern's may fail on a record it refused (FAILFAST).
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
            if (decoded != null) {
                decoded.deadLetterQuery().processAllAvailable();
            }
            query.processAllAvailable();
        }, runner);
        try {
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            stopQuietly();
            throw new IllegalStateException("Query '" + query.name() + "' did not process its input within " + timeout
                    + "; it was stopped", e);
        } catch (ExecutionException e) {
            // StreamingQueryException is checked in Java but not declared by the Scala method.
            Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException c ? c.getCause() : e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("Query '" + query.name() + "' failed", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while query '" + query.name() + "' was processing", e);
        }
        drops.update(query.recentProgress());
        return output.drainNew();
    }

    /**
     * Waits until every query has run the triggers the clock has reached and waits for a later one;
     * fails, stopping the queries, when a query failed or that takes longer than {@code timeout}.
     */
    private void awaitClockTriggers(Duration timeout) {
        List<StreamingQuery> queries = decoded == null ? List.of(query) : List.of(decoded.deadLetterQuery(), query);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!clock.caughtUp(queries.size())) {
            for (StreamingQuery running : queries) {
                if (!running.isActive()) {
                    stopQuietly();
                    throw new IllegalStateException("Query '" + running.name() + "' stopped", running.exception().isDefined()
                            ? running.exception().get() : null);
                }
            }
            if (System.nanoTime() - deadline > 0) {
                stopQuietly();
                throw new IllegalStateException("Query '" + query.name() + "' did not run the triggers up to "
                        + clock.now() + " within " + timeout + "; it was stopped");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }

    /**
     * The query's event-time watermark after the last micro-batch; empty before the first batch, or
     * for a pattern without {@code withWatermark}. Spark starts it at the epoch until the first event.
     */
    public Optional<Instant> watermark() {
        StreamingQueryProgress last = query.lastProgress();
        if (last == null) {
            return Optional.empty();
        }
        String watermark = last.eventTime().get("watermark");
        return watermark == null ? Optional.empty() : Optional.of(Instant.parse(watermark));
    }

    /** Every output row produced so far, in batch order. */
    public List<Row> allOutput() {
        return output.all().stream().flatMap(batch -> batch.rows().stream()).toList();
    }

    /** One micro-batch's output: its id and the rows the query wrote in it. */
    public record OutputBatch(long batchId, List<Row> rows) {
        public OutputBatch {
            rows = List.copyOf(rows);
        }
    }

    /**
     * Rows held in state after the last micro-batch: the sum of {@code numRowsTotal} over the state
     * operators of the last progress; 0 for a stateless pattern or before the first batch.
     */
    public long stateRows() {
        StreamingQueryProgress last = query.lastProgress();
        if (last == null) {
            return 0;
        }
        return Arrays.stream(last.stateOperators()).mapToLong(StateOperatorProgress::numRowsTotal).sum();
    }

    /**
     * Input rows that state operators dropped for being behind the watermark, summed over every
     * micro-batch processed so far (as of the last {@link #process()}).
     */
    public long droppedByWatermark() {
        return drops.total();
    }

    /** The name of the streaming query, as shown in Spark's progress and logs. */
    public String queryName() {
        return query.name();
    }

    /** Stops the query and deletes its checkpoint folder. Calling it again does nothing. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            query.stop();
        } catch (TimeoutException e) {
            throw new IllegalStateException("Query '" + query.name() + "' did not stop in time", e);
        } finally {
            if (decoded != null) {
                stopQuietly(decoded.deadLetterQuery());
            }
            runner.shutdownNow();
            TempFolders.deleteRecursively(checkpoint);
            if (decoded != null) {
                TempFolders.deleteRecursively(decoded.checkpoint());
            }
        }
    }

    private void stopQuietly() {
        stopQuietly(query);
        if (decoded != null) {
            stopQuietly(decoded.deadLetterQuery());
        }
    }

    /** Stops a query on the way out of a failure, which is what the caller reports. */
    private static void stopQuietly(StreamingQuery query) {
        try {
            query.stop();
        } catch (TimeoutException | RuntimeException e) {
            // The failure being reported matters; this stop is a courtesy.
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("Driver is closed");
        }
    }

    /** Configures and starts a {@link PatternTestDriver}. */
    public static final class Builder {

        private final SparkSession spark;
        private final Map<String, StructType> inputSchemas = new LinkedHashMap<>();
        private Function<Map<String, Dataset<Row>>, Dataset<Row>> pattern;
        private String patternName = "pattern-test";
        private OutputMode outputMode = OutputMode.Append();
        private String queryName;
        private Decoder decoder;
        private TestClock clock;
        private Duration triggerInterval;

        private Builder(SparkSession spark) {
            this.spark = Objects.requireNonNull(spark, "spark");
        }

        /** An input stream named {@code name} whose rows follow {@code schema}. */
        public Builder input(String name, StructType schema) {
            Objects.requireNonNull(schema, "schema");
            if (inputSchemas.put(Objects.requireNonNull(name, "name"), schema) != null) {
                throw new IllegalArgumentException("two inputs named '" + name + "'");
            }
            return this;
        }

        /**
         * Processing time is a {@link TestClock} starting at {@code start}: the queries trigger every
         * {@code triggerInterval} of it, as the test moves it with {@link PatternTestDriver#advanceClock}.
         */
        public Builder clock(Instant start, Duration triggerInterval) {
            if (triggerInterval.toMillis() < 1) {
                throw new IllegalArgumentException("a trigger interval of at least 1 ms: " + triggerInterval);
            }
            this.clock = new TestClock(Objects.requireNonNull(start, "start"));
            this.triggerInterval = triggerInterval;
            return this;
        }

        /**
         * The input is raw records as Kafka gives them, decoded by {@code decoder}; the pattern reads
         * its valid rows. Not with {@link #input}.
         */
        public Builder decoder(Decoder decoder) {
            this.decoder = Objects.requireNonNull(decoder, "decoder");
            return this;
        }

        /**
         * A transformation of the named inputs, such as a stream-stream join of two of them; its name
         * is the query's ({@code pattern-test} unless {@link #queryName} gives one).
         */
        public Builder patternOfInputs(Function<Map<String, Dataset<Row>>, Dataset<Row>> transformation) {
            this.pattern = Objects.requireNonNull(transformation, "transformation");
            return this;
        }

        /**
         * The pattern under test (compose several with {@link Pattern#andThen}); its name becomes
         * the query's name.
         */
        public Builder pattern(Pattern pattern) {
            Objects.requireNonNull(pattern, "pattern");
            this.pattern = onlyInput(pattern::apply);
            this.patternName = Objects.requireNonNull(pattern.name(), "the pattern's name");
            return this;
        }

        /** A transformation under test that is not a {@link Pattern}; default: identity. */
        public Builder pattern(Function<Dataset<Row>, Dataset<Row>> transformation) {
            this.pattern = onlyInput(Objects.requireNonNull(transformation, "transformation"));
            return this;
        }

        /** A one-input transformation applied to the driver's only input. */
        private static Function<Map<String, Dataset<Row>>, Dataset<Row>> onlyInput(
                Function<Dataset<Row>, Dataset<Row>> transformation) {
            return inputs -> {
                if (inputs.size() != 1) {
                    throw new IllegalStateException("a pattern of one input on a driver with inputs " + inputs.keySet()
                            + "; use patternOfInputs");
                }
                return transformation.apply(inputs.values().iterator().next());
            };
        }

        /** Output mode of the query; default {@link OutputMode#Append()}. */
        public Builder outputMode(OutputMode mode) {
            this.outputMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Query name; default the pattern's name ({@code pattern-test} for a bare function), with
         * {@code -N} added when a query of that name is already active. Must be unique among active queries.
         */
        public Builder queryName(String name) {
            this.queryName = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Builds the stream, applies the pattern and starts the query.
         *
         * <p>If Spark rejects the query (for example an aggregation in append mode without a
         * watermark), its {@code AnalysisException} propagates as it is.
         */
        public PatternTestDriver start() {
            if (inputSchemas.isEmpty() == (decoder == null)) {
                throw new IllegalStateException(decoder == null
                        ? "a driver needs an input: builder(spark, schema), input(name, schema) or decoder(decoder)"
                        : "a driver with a decoder reads raw records; it takes no input(name, schema) besides");
            }
            String name = queryName != null ? queryName : unusedQueryName(patternName);
            Map<String, MemoryStream<Row>> inputs = new LinkedHashMap<>();
            Map<String, Dataset<Row>> streams = new LinkedHashMap<>();
            inputSchemas.forEach((input, schema) -> {
                MemoryStream<Row> stream = MemoryStream.apply(Encoders.row(schema), spark.sqlContext());
                inputs.put(input, stream);
                streams.put(input, stream.toDF());
            });
            DecodedInput decodedInput = null;
            if (decoder != null) {
                MemoryKafkaSource records = MemoryKafkaSource.of(spark, INPUT);
                DecodedRows decoded = decoder.decode(records.readStream(spark));
                streams.put(INPUT, decoded.valid());
                decodedInput = collectDeadLetters(records, decoded.deadLetters(), name + "-dead-letters", clock,
                        triggerInterval);
            }
            Function<Map<String, Dataset<Row>>, Dataset<Row>> transformation = pattern != null ? pattern
                    : onlyInput(Function.identity());
            Dataset<Row> result = Objects.requireNonNull(transformation.apply(java.util.Collections.unmodifiableMap(streams)),
                    "the pattern returned null");
            OutputCollector output = new OutputCollector();
            Path checkpoint = TempFolders.create("checkpoint-" + name + "-");
            // Spark's AnalysisException is checked in Java terms but undeclared, so clean up in
            // finally rather than in a catch that would have to wrap it.
            boolean started = false;
            try {
                StreamingQuery query = clock != null
                        ? ClockedQuery.start(result, name, checkpoint, outputMode, output, triggerInterval, clock)
                        : result.writeStream()
                                .queryName(name)
                                .outputMode(outputMode)
                                .option("checkpointLocation", checkpoint.toString())
                                .foreachBatch(output)
                                .start();
                started = true;
                PatternTestDriver driver = new PatternTestDriver(java.util.Collections.unmodifiableMap(inputs), query,
                        output, checkpoint, decodedInput, clock);
                if (clock != null) {
                    // A query's first trigger runs at once, at the clock's start: wait for it to pass, so
                    // that rows the test adds next wait for the clock, as the test means them to.
                    try {
                        driver.awaitClockTriggers(DEFAULT_PROCESS_TIMEOUT);
                    } catch (RuntimeException e) {
                        driver.close();
                        throw e;
                    }
                }
                return driver;
            } catch (TimeoutException e) {
                throw new IllegalStateException("Query '" + name + "' did not start in time", e);
            } finally {
                if (!started) {
                    TempFolders.deleteRecursively(checkpoint);
                    if (decodedInput != null) {
                        stopQuietly(decodedInput.deadLetterQuery());
                        TempFolders.deleteRecursively(decodedInput.checkpoint());
                    }
                }
            }
        }

        /** Starts the query that collects a decoder's dead letters, on the driver's own raw records. */
        private static DecodedInput collectDeadLetters(MemoryKafkaSource records, Dataset<Row> deadLetters, String name,
                                                       TestClock clock, Duration triggerInterval) {
            OutputCollector collected = new OutputCollector();
            Path checkpoint = TempFolders.create("checkpoint-" + name + "-");
            try {
                StreamingQuery query = clock != null
                        ? ClockedQuery.start(deadLetters, name, checkpoint, OutputMode.Append(), collected, triggerInterval,
                                clock)
                        : deadLetters.writeStream().queryName(name)
                                .option("checkpointLocation", checkpoint.toString()).foreachBatch(collected).start();
                return new DecodedInput(records, query, collected, checkpoint);
            } catch (TimeoutException | RuntimeException e) {
                TempFolders.deleteRecursively(checkpoint);
                throw e instanceof RuntimeException runtime ? runtime
                        : new IllegalStateException("Query '" + name + "' did not start in time", e);
            }
        }

        private String unusedQueryName(String wanted) {
            String candidate = wanted;
            while (isActive(candidate)) {
                candidate = wanted + "-" + QUERY_COUNTER.incrementAndGet();
            }
            return candidate;
        }

        private boolean isActive(String name) {
            return Arrays.stream(spark.streams().active()).anyMatch(query -> name.equals(query.name()));
        }
    }

    /** Sums {@code numRowsDroppedByWatermark} over progress reports, each report counted once. */
    static final class WatermarkDropCounter {

        private StreamingQueryProgress lastCounted;
        private long total;

        /**
         * Counts the reports after the last one counted. Spark keeps only the most recent reports
         * ({@code spark.sql.streaming.numRecentProgressUpdates}, default 100); if the last counted
         * one has been evicted, some reports were never seen and the total would be wrong.
         */
        void update(StreamingQueryProgress[] recent) {
            int start = 0;
            if (lastCounted != null) {
                int index = indexOf(recent, lastCounted);
                if (index < 0) {
                    throw new IllegalStateException("More micro-batches ran in one process() call than Spark keeps"
                            + " progress reports for (spark.sql.streaming.numRecentProgressUpdates);"
                            + " call process() more often");
                }
                start = index + 1;
            }
            for (int i = start; i < recent.length; i++) {
                // Reports of triggers that ran no batch carry 0 here, so they add nothing.
                for (StateOperatorProgress operator : recent[i].stateOperators()) {
                    total += operator.numRowsDroppedByWatermark();
                }
            }
            if (recent.length > 0) {
                lastCounted = recent[recent.length - 1];
            }
        }

        long total() {
            return total;
        }

        private static int indexOf(StreamingQueryProgress[] recent, StreamingQueryProgress wanted) {
            for (int i = recent.length - 1; i >= 0; i--) {
                StreamingQueryProgress candidate = recent[i];
                if (candidate.batchId() == wanted.batchId() && candidate.timestamp().equals(wanted.timestamp())) {
                    return i;
                }
            }
            return -1;
        }
    }

    /**
     * The {@code foreachBatch} sink: collects each micro-batch's rows on the driver. Spark calls it
     * on the query's thread, the test reads from its own, hence the synchronisation.
     */
    static final class OutputCollector implements VoidFunction2<Dataset<Row>, Long> {

        private final List<OutputBatch> batches = new ArrayList<>();
        private int drained;

        @Override
        public void call(Dataset<Row> batch, Long batchId) {
            List<Row> collected = batch.collectAsList();
            synchronized (this) {
                // A batch Spark runs again (after a failed attempt) replaces what the attempt wrote.
                if (!batches.isEmpty() && batches.get(batches.size() - 1).batchId() == batchId) {
                    batches.remove(batches.size() - 1);
                    drained = Math.min(drained, batches.size());
                }
                batches.add(new OutputBatch(batchId, collected));
            }
        }

        synchronized List<OutputBatch> drainNew() {
            List<OutputBatch> fresh = List.copyOf(batches.subList(drained, batches.size()));
            drained = batches.size();
            return fresh;
        }

        synchronized List<OutputBatch> all() {
            return List.copyOf(batches);
        }
    }
}
