package dev.streampatterns.core.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streampatterns.core.TestSpark;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class StreamingJobTest {
    private final SparkSession spark = TestSpark.local();
    private final String id = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void awaitAnyTerminationWaitsForTheJobsOwnQueriesAndRethrowsTheFailure() throws Exception {
        // A query of the same session that is not the job's, and has ended: Spark's own
        // awaitAnyTermination would return at once for it, with no failure.
        StreamingQuery foreign = spark.readStream().format("rate").load().writeStream().format("noop")
                .queryName("foreign-" + id).start();
        foreign.stop();

        try (StreamingJob job = StreamingJob.create(spark, CheckpointLocations.temporary(), null)) {
            job.start("failing-" + id, spark.readStream().format("rate").option("rowsPerSecond", 10).load()
                    .select(when(col("value").geq(3), raise_error(lit("boom at three"))).otherwise(col("value")).as("v"))
                    .writeStream().format("noop"));

            assertThatThrownBy(job::awaitAnyTermination)
                    .isInstanceOf(StreamingQueryException.class)
                    .hasMessageContaining("boom at three");
        }
    }
}
