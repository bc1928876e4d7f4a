package dev.streampatterns.core;

import dev.streampatterns.core.job.SparkSessionFactory;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session of core's own tests, one per JVM. The testkit's {@code TestSparkSessions} depends
 * on core and so cannot serve them; this is the same session, built by the same factory.
 */
public final class TestSpark {

    private TestSpark() {
    }

    public static SparkSession local() {
        return Holder.SESSION;
    }

    private static final class Holder {
        static final SparkSession SESSION = SparkSessionFactory.builder()
                .appName("streaming-core-tests").master("local[2]").getOrCreate();
    }
}
