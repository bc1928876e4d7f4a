package dev.streampatterns.core.job;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the Spark session of a job: {@code local[*]} unless a master is given, the driver bound to
 * 127.0.0.1 unless told otherwise (Spark otherwise picks the machine's network address), the web UI
 * off unless asked for (it would listen on every interface), UTC session time, and as many shuffle
 * partitions as cores instead of Spark's 200 — each shuffle partition of a stateful query is a
 * state store, and 200 of them make every micro-batch of a small stream slow — adaptive query
 * execution off, since Spark disables it for streaming queries anyway (and warns about it at start),
 * and per-session artifact isolation off.
 *
 * <p>Why the last one: Spark 4 keys its cache of generated code by the class loader of the session
 * that runs a job, and every streaming query runs in a clone of its session, with a class loader of
 * its own. With isolation on, each query start therefore compiles all its generated code again (28
 * classes for the user-events pipeline) and the JIT compiles those new classes again; with it off,
 * later starts of that pipeline in one JVM took 4.6-5.7 s instead of 6.7-7.4 s (docs/BENCHMARKS.md,
 * section 1). Isolation keeps the jars added to one Spark Connect session from another; an
 * application that builds its session here adds none. Set
 * {@code spark.sql.artifact.isolation.enabled=true} with {@link #conf} to have it back.
 *
 * <p>Every Spark SQL job describes its plan for the SQL tab of the web UI, whether the UI is on or
 * not; Spark's default "formatted" description was 11 % of the driver's CPU in a small micro-batch
 * (docs/BENCHMARKS.md, section 8). With the UI off it is the "simple" one; with it on, Spark's default.
 *
 * <p>Checkpoints on the local file system are written by {@link LocalCheckpointFileManager}: Hadoop's
 * local file system starts a process per file it creates, which made the offset and commit logs of
 * each micro-batch 40-45 ms apiece. Other file systems keep Spark's own manager.
 *
 * <p>Logging: an application without a logging configuration of its own logs at WARN from the
 * start, instead of Spark's INFO defaults ({@link DefaultLogLevel}); one with a configuration keeps it.
 */
public final class SparkSessionFactory {
    private String appName = "streaming-patterns";
    private String master = "local[*]";
    private String bindAddress = "127.0.0.1";
    private boolean uiEnabled;
    private String defaultLogLevel = "WARN";
    private final Map<String, String> conf = new LinkedHashMap<>();

    public static SparkSessionFactory builder() {
        return new SparkSessionFactory();
    }

    public SparkSessionFactory appName(String value) {
        this.appName = value;
        return this;
    }

    public SparkSessionFactory master(String value) {
        this.master = value;
        return this;
    }

    public SparkSessionFactory bindAddress(String value) {
        this.bindAddress = value;
        return this;
    }

    public SparkSessionFactory uiEnabled(boolean value) {
        this.uiEnabled = value;
        return this;
    }

    /**
     * The root log level when the application has no logging configuration of its own (default
     * WARN; "INFO" gives Spark's own default). Ignored when it has one.
     */
    public SparkSessionFactory defaultLogLevel(String level) {
        this.defaultLogLevel = level;
        return this;
    }

    /** Any Spark setting; applied last, so it wins over the defaults above. */
    public SparkSessionFactory conf(String key, String value) {
        conf.put(key, value);
        return this;
    }

    public SparkSession getOrCreate() {
        DefaultLogLevel.applyUnlessConfigured(defaultLogLevel);
        SparkSession.Builder builder = SparkSession.builder()
                .appName(appName)
                .master(master)
                .config("spark.driver.host", bindAddress)
                .config("spark.driver.bindAddress", bindAddress)
                .config("spark.ui.enabled", String.valueOf(uiEnabled))
                .config("spark.sql.ui.explainMode", uiEnabled ? "formatted" : "simple")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.shuffle.partitions", String.valueOf(coresOf(master)))
                .config("spark.sql.streaming.forceDeleteTempCheckpointLocation", "true")
                .config("spark.sql.adaptive.enabled", "false")
                .config("spark.sql.artifact.isolation.enabled", "false")
                .config(LocalCheckpointFileManager.SPARK_SETTING, LocalCheckpointFileManager.class.getName());
        conf.forEach(builder::config);
        return builder.getOrCreate();
    }

    static int coresOf(String master) {
        int available = Runtime.getRuntime().availableProcessors();
        if (master.startsWith("local[")) {
            String inside = master.substring("local[".length(), master.indexOf(']'));
            if (inside.equals("*")) {
                return available;
            }
            try {
                return Math.max(1, Integer.parseInt(inside.split(",")[0].trim()));
            } catch (NumberFormatException e) {
                return available;
            }
        }
        return master.equals("local") ? 1 : Math.max(available, 8);
    }
}
