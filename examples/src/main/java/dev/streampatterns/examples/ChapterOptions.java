package dev.streampatterns.examples;

import dev.streampatterns.core.config.Config;
import dev.streampatterns.core.config.ConfigException;
import dev.streampatterns.core.config.Setting;
import dev.streampatterns.core.decode.DecodeMode;
import dev.streampatterns.core.job.CheckpointLocations;
import dev.streampatterns.core.job.SparkSessionFactory;
import dev.streampatterns.core.sink.RefusalPolicy;
import dev.streampatterns.core.source.KafkaSourceOptions;
import dev.streampatterns.generators.GeneratorOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * The options every chapter shares, typed and read once: where Kafka is and how Spark runs
 * ({@link ExampleSettings}), what the generator sends and how the queries run ({@link ChapterRun}).
 * A chapter's own options record holds one of these beside its own fields.
 *
 * @param bootstrapServers        the Kafka cluster; empty: an in-process broker
 * @param bootstrapServersGivenBy how a user gives it, for a message ({@code --bootstrap-servers or …})
 * @param events                  events the generator sends (0: none, only consume)
 * @param rate                    events per second (0: as fast as possible, before the queries start)
 * @param maxOffsetsPerTrigger    records per micro-batch at most (0: no limit)
 * @param refusalPolicy           what the chapter's sinks do with a row they refuse
 */
public record ChapterOptions(Optional<String> bootstrapServers, String bootstrapServersGivenBy, String master,
                             Optional<String> checkpointRoot, boolean sparkUi, String sparkLogLevel, long events,
                             double rate, double malformedFraction, long seed, DecodeMode mode, Duration trigger,
                             ChapterRun.StartingOffsets startingOffsets, long maxOffsetsPerTrigger, boolean follow,
                             RefusalPolicy refusalPolicy) {

    /** The environment variable naming the application jar for a standalone cluster (bin/run-example sets it). */
    static final String APP_JAR_ENV = "SSP_APP_JAR";

    /** The shared options as a chapter's settings were loaded; one the chapter does not offer keeps its default. */
    public static ChapterOptions from(Config config) {
        return from(config, ChapterRun.MODE);
    }

    /**
     * {@link #from(Config)} for a chapter whose {@code --mode} means something else (the predictions':
     * where the model runs): the decode mode is read from {@code decodeMode}.
     */
    public static ChapterOptions from(Config config, Setting<DecodeMode> decodeMode) {
        return new ChapterOptions(config.getOrDefault(ExampleSettings.BOOTSTRAP_SERVERS),
                config.givenBy(ExampleSettings.BOOTSTRAP_SERVERS), master(config),
                config.getOrDefault(ExampleSettings.CHECKPOINT_ROOT), config.getOrDefault(ExampleSettings.SPARK_UI),
                config.getOrDefault(ExampleSettings.SPARK_LOG_LEVEL), config.getOrDefault(ChapterRun.EVENTS),
                config.getOrDefault(ChapterRun.RATE), config.getOrDefault(ChapterRun.MALFORMED),
                config.getOrDefault(ChapterRun.SEED), config.getOrDefault(decodeMode),
                config.getOrDefault(ChapterRun.TRIGGER), config.getOrDefault(ChapterRun.STARTING_OFFSETS),
                config.getOrDefault(ChapterRun.MAX_OFFSETS), config.getOrDefault(ChapterRun.FOLLOW), new RefusalPolicy(config.getOrDefault(ChapterRun.ON_SINK_ERROR),
                        config.getOrDefault(ChapterRun.MAX_REFUSED_FRACTION)));
    }

    /**
     * The Spark master: the one given, else spark-submit's ({@code --master} of spark-submit sets the system
     * property {@code spark.master}), else {@code local[*]}.
     */
    private static String master(Config config) {
        String submitted = System.getProperty("spark.master");
        String origin = config.origin(ExampleSettings.MASTER);
        return submitted != null && (origin == null || origin.equals("default")) ? submitted
                : config.getOrDefault(ExampleSettings.MASTER);
    }

    /** The generator's options for {@code topic}. */
    public GeneratorOptions generator(String topic) {
        return GeneratorOptions.builder().topic(topic).seed(seed).maxEvents(Math.max(1, events))
                .eventsPerSecond(rate).malformedFraction(malformedFraction).build();
    }

    /** The chapter's Kafka source of {@code topic}: where it starts reading, and how much a batch takes at most. */
    public KafkaSourceOptions source(String bootstrapServers, String topic) {
        KafkaSourceOptions.Builder source = KafkaSourceOptions.builder().bootstrapServers(bootstrapServers).topics(topic)
                .startingOffsets(startingOffsets.name().toLowerCase(Locale.ROOT));
        if (maxOffsetsPerTrigger > 0) {
            source.maxOffsetsPerTrigger(maxOffsetsPerTrigger);
        }
        return source.build();
    }

    /**
     * The jar a standalone cluster's executors load the project's classes from: the one bin/run-example
     * built ({@code SSP_APP_JAR}), or spark-submit's ({@code spark.jars}, its application jar).
     */
    static String applicationJar() {
        String built = System.getenv(APP_JAR_ENV);
        String submitted = System.getProperty("spark.jars");
        if (built != null && !built.isBlank()) {
            if (!java.nio.file.Files.isRegularFile(Path.of(built))) {
                throw new ConfigException(APP_JAR_ENV + "=" + built + ": no such file; bin/run-example builds it");
            }
            return submitted == null || submitted.isBlank() ? built : submitted + "," + built;
        }
        if (submitted != null && !submitted.isBlank()) {
            return submitted;
        }
        throw new ConfigException("--master spark://... runs the tasks in the cluster's executors, which load this "
                + "project's classes from its application jar: run the chapter with bin/run-example (it builds "
                + "examples/target/examples-<version>-app.jar and ships it), or with spark-submit and that jar");
    }

    /** Where the queries checkpoint: under the root given, else in a temporary folder removed at exit. */
    public CheckpointLocations checkpoints() {
        return checkpointRoot.map(root -> CheckpointLocations.under(Path.of(root)))
                .orElseGet(CheckpointLocations::temporary);
    }

    /** The Spark session the chapter runs on. */
    public SparkSession spark(String appName) {
        SparkSessionFactory factory = SparkSessionFactory.builder().appName(appName).master(master).uiEnabled(sparkUi);
        if (master.startsWith("spark://")) {
            factory.conf("spark.jars", applicationJar());
        }
        SparkSession spark = factory.getOrCreate();
        spark.sparkContext().setLogLevel(sparkLogLevel);
        return spark;
    }
}
