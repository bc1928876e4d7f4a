package dev.streampatterns.testkit;

import org.apache.spark.sql.SparkSession;

/**
 * The Spark session for pattern tests: one per JVM, shared by all test classes, because starting
 * a session costs more than a second and Spark allows only one {@code SparkContext} per JVM.
 *
 * <p>Settings: {@code local[2]}, 2 shuffle partitions (the default 200 makes every stateful
 * micro-batch slow), no UI, driver bound to {@code 127.0.0.1}, UTC session time zone (event-time
 * windows and printed timestamps do not depend on the machine), temporary checkpoints deleted,
 * log level WARN.
 */
public final class TestSparkSessions {

    private TestSparkSessions() {
    }

    /** The shared local session, created on first use. */
    public static SparkSession local() {
        return Holder.SESSION;
    }

    /** Lazy and thread-safe by class initialisation. */
    private static final class Holder {
        static final SparkSession SESSION = create();

        private static SparkSession create() {
            SparkSession spark = SparkSession.builder()
                    .appName("stream-patterns-tests")
                    .master("local[2]")
                    .config("spark.sql.shuffle.partitions", "2")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.session.timeZone", "UTC")
                    .config("spark.sql.streaming.forceDeleteTempCheckpointLocation", "true")
                    .getOrCreate();
            spark.sparkContext().setLogLevel("WARN");
            return spark;
        }
    }
}
