package dev.streampatterns.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.streaming.sources.ForeachBatchSink;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import scala.Option;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * Starts a {@code foreachBatch} query whose processing-time trigger runs on a {@link TestClock}.
 *
 * <p>Why this reaches into Spark: the public {@code DataStreamWriter} always starts a query on the
 * system clock; the trigger clock is a parameter of {@code StreamingQueryManager.startQuery} alone,
 * which Spark's own stream tests call with a manual clock. This class does what
 * {@code DataStreamWriter.foreachBatch(...).start()} does, with that one parameter set; it is the
 * only place of the project that does, and a Spark upgrade that changes the method fails here, at
 * compile time.
 */
final class ClockedQuery {
    private ClockedQuery() {
    }

    static StreamingQuery start(Dataset<Row> result, String name, Path checkpoint, OutputMode outputMode,
                                VoidFunction2<Dataset<Row>, Long> batches, Duration interval, TestClock clock)
            throws TimeoutException {
        org.apache.spark.sql.classic.Dataset<Row> dataset = (org.apache.spark.sql.classic.Dataset<Row>) result;
        ForeachBatchSink<Row> sink = new ForeachBatchSink<>(new AbstractFunction2<Dataset<Row>, Object, BoxedUnit>() {
            @Override
            public BoxedUnit apply(Dataset<Row> batch, Object batchId) {
                try {
                    batches.call(batch, (Long) batchId);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return BoxedUnit.UNIT;
            }
        }, dataset.exprEnc());
        org.apache.spark.sql.classic.StreamingQueryManager queries =
                (org.apache.spark.sql.classic.StreamingQueryManager) dataset.sparkSession().streams();
        return queries.startQuery(Option.apply(name), Option.apply(checkpoint.toString()), dataset,
                scala.collection.immutable.Map$.MODULE$.<String, String>empty(), sink, outputMode, false, true,
                Trigger.ProcessingTime(interval.toMillis()), clock, Option.empty(), Option.empty());
    }
}
