package dev.streampatterns.testkit;

import org.apache.spark.sql.kafka010.producer.InternalKafkaProducerPool$;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Closes the Kafka producers that Spark's Kafka writer caches in the test JVM each time a test class
 * ends, which is when its broker ({@code KafkaBrokerExtension}) stops.
 *
 * <p>Why: Spark keeps a producer for ten minutes after its last use
 * ({@code spark.kafka.producer.cache.timeout}). Once its broker is gone, the producer asks for
 * metadata again and again, reconnecting to the broker's old port every second. The kernel hands
 * that port to the next program that binds port 0, for example the Spark driver of a chapter that a
 * test runs in a JVM of its own; that driver then receives Kafka requests, cannot read them as its
 * own frames and logs a stack trace that the chapter's output was never meant to have.
 *
 * <p>Spark has no public call for this; its pool's {@code reset} closes every cached producer. Test
 * classes run one after the other here, so no query of another class is writing at that moment.
 * The JUnit Platform launcher finds this listener through {@code META-INF/services}.
 */
public final class CachedKafkaProducers implements TestExecutionListener {

    @Override
    public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
        if (identifier.getSource().filter(ClassSource.class::isInstance).isPresent()) {
            try {
                InternalKafkaProducerPool$.MODULE$.reset();
            } catch (LinkageError e) {
                // A project that left Spark's Kafka connector out of its tests has no producer to close.
            }
        }
    }
}
