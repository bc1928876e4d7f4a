package dev.streampatterns.examples;

import dev.streampatterns.core.decode.DecodeMode;
import dev.streampatterns.core.config.Config;
import dev.streampatterns.core.config.Setting;
import dev.streampatterns.core.config.Settings;
import dev.streampatterns.core.job.StreamingJob;
import dev.streampatterns.core.sink.RefusalPolicy;
import dev.streampatterns.core.sink.RefusedRows;
import dev.streampatterns.generators.GeneratorOptions;
import java.time.Duration;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every generator-fed chapter shares: the generator and run settings (each chapter may give
 * them its own default with {@link Setting#withDefault}), and the run itself — start the queries,
 * then stop once everything generated is processed, or keep going until Ctrl-C with {@code --follow}.
 */
public final class ChapterRun {
    private static final Logger LOG = LoggerFactory.getLogger(ChapterRun.class);

    public static final Setting<Long> EVENTS = Setting.longValue("events", 1000, 0, 1_000_000_000L,
            "events to generate (0: generate none, only consume)");
    public static final Setting<Double> RATE = Setting.doubleValue("rate", 0, 0, 10_000_000,
            "events per second sent by the generator (0: as fast as possible, sent before the query starts)");
    public static final Setting<Double> MALFORMED = Setting.doubleValue("malformed-fraction", 0.01, 0, 1,
            "malformed records injected per valid event");
    public static final Setting<Long> SEED = Setting.longValue("seed", GeneratorOptions.DEFAULT_SEED, Long.MIN_VALUE,
            Long.MAX_VALUE, "generator seed: the same seed sends the same events");
    public static final Setting<DecodeMode> MODE = Setting.choice("mode", DecodeMode.class, DecodeMode.PERMISSIVE,
            "what a malformed record does: PERMISSIVE sends it to the dead letter, FAILFAST stops the query");
    public static final Setting<Duration> TRIGGER = Setting.duration("trigger", Duration.ofSeconds(1),
            "micro-batch interval");
    public static final Setting<RefusalPolicy.OnSinkError> ON_SINK_ERROR = Setting.choice("on-sink-error",
            RefusalPolicy.OnSinkError.class, RefusalPolicy.OnSinkError.DEAD_LETTER,
            "a row a sink refuses as a data error (too long for a column or a topic, a duplicate, a Redis key of another "
                    + "type): DEAD_LETTER sends it to the dead letter and writes the rest, FAIL fails the batch");
    public static final Setting<Double> MAX_REFUSED_FRACTION = Setting.doubleValue("max-refused-fraction",
            RefusedRows.DEFAULT_MAX_FRACTION, 0, 1, "with DEAD_LETTER, a batch of 20 rows or more fails anyway when "
                    + "more than this fraction of it is refused (the sink does not match the data)");
    /** Where a query on a new checkpoint starts reading its input topic. */
    public enum StartingOffsets { EARLIEST, LATEST }

    public static final Setting<StartingOffsets> STARTING_OFFSETS = Setting.choice("starting-offsets",
            StartingOffsets.class, StartingOffsets.EARLIEST, "where the queries start reading the input topic on a new "
                    + "checkpoint: EARLIEST, all it holds (with the generated events), or LATEST, only what arrives once "
                    + "they run; on an existing checkpoint they go on from where they stopped, whatever this says");
    public static final Setting<Long> MAX_OFFSETS = Setting.longValue("max-offsets-per-trigger", 0, 0, Long.MAX_VALUE,
            "records per micro-batch at most (0: no limit)");
    public static final Setting<Boolean> FOLLOW = Setting.bool("follow", false,
            "keep consuming after the generated events are processed, until Ctrl-C");

    /** A chapter's body, given its typed options. */
    @FunctionalInterface
    public interface Chapter<O> {
        void run(O options) throws Exception;
    }

    /**
     * The one entry of every chapter: prints the settings' help for {@code --help}, or loads the
     * settings (a bad one fails here, before anything starts), logs where each came from, reads them
     * into the chapter's typed options record once, and runs the chapter on that record.
     */
    public static <O> void enter(Settings settings, String[] args, String chapterName, Function<Config, O> options,
                                 Chapter<O> chapter) throws Exception {
        if (Settings.wantsHelp(args)) {
            System.out.print(settings.help());
            return;
        }
        Config config = settings.load(args);
        LOG.info("{}: {}", chapterName, config.describeOverrides());
        chapter.run(options.apply(config));
    }

    /** Starts a chapter's queries on a job. */
    @FunctionalInterface
    public interface Queries {
        void start(StreamingJob job) throws Exception;
    }

    /** Looks at a job once its queries have processed everything, before they stop. */
    @FunctionalInterface
    public interface AfterRun {
        void accept(StreamingJob job) throws Exception;
    }

    private ChapterRun() {
    }

    /**
     * Starts the queries, runs until the generated events are processed (or until Ctrl-C with
     * {@code --follow}), then stops the queries and Spark — before the caller closes an in-process
     * broker, whose clients cached by Spark would otherwise retry against it.
     */
    public static void run(ChapterOptions options, String appName, String topic, BackgroundGenerator generated,
                           Queries queries) throws Exception {
        run(options, appName, topic, generated, queries, job -> { });
    }

    /** {@link #run(ChapterOptions, String, String, BackgroundGenerator, Queries)}, then {@code afterRun} (not with {@code --follow}). */
    public static void run(ChapterOptions options, String appName, String topic, BackgroundGenerator generated,
                           Queries queries, AfterRun afterRun) throws Exception {
        SparkSession spark = options.spark(appName);
        try (StreamingJob job = StreamingJob.create(spark, options.checkpoints())) {
            queries.start(job);
            if (options.follow()) {
                LOG.info("following topic {}; press Ctrl-C to stop", topic);
                job.awaitAnyTermination();
            } else {
                // A query that fails while the generator still sends is reported now, not when it ends.
                while (!generated.awaitDone(Duration.ofMillis(500))) {
                    job.rethrowFailures();
                }
                job.processAllAvailable();
                afterRun.accept(job);
            }
        } finally {
            generated.close();
            spark.stop();
        }
    }
}
