package dev.streampatterns.testkit;

import dev.streampatterns.core.job.SparkSessionFactory;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session for pattern tests: one per JVM, shared by all test classes, because starting
 * a session costs more than a second and Spark allows only one {@code SparkContext} per JVM.
 *
 * <p>It is built by the jobs' own {@link SparkSessionFactory}, so a test runs Spark configured as
 * the job does (UTC, driver on 127.0.0.1, no UI, adaptive execution and artifact isolation off,
 * one shuffle partition per core), on {@code local[2]}: two cores, two shuffle partitions, enough
 * to exercise a shuffle and small enough to keep stateful micro-batches fast. A test run without a
 * logging configuration of its own logs at WARN from the first line; one with a configuration keeps it.
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
        static final SparkSession SESSION = SparkSessionFactory.builder()
                .appName("streaming-patterns-tests")
                .master("local[2]")
                .getOrCreate();
    }
}
