package dev.streampatterns.analytics.userevents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampatterns.core.batch.BatchRun;
import dev.streampatterns.core.decode.DeadLetter;
import dev.streampatterns.core.decode.ProtobufDecoder;
import dev.streampatterns.core.job.CheckpointLocations;
import dev.streampatterns.core.job.StreamingJob;
import dev.streampatterns.schemas.proto.UserEvent;
import dev.streampatterns.testkit.MemoryKafkaSource;
import dev.streampatterns.testkit.TestSparkSessions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The user-events job with its ends injected: records from the testkit's in-memory source, the
 * summaries and the dead letters into lists, no broker. Two batches, each summarised once, with
 * exactly the counts and totals of the events added.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class UserEventsJobTest {
    private final SparkSession spark = TestSparkSessions.local();

    private static byte[] event(String user, String action, double value) {
        return UserEvent.newBuilder().setUserId(user).setAction(action).setValue(value).build().toByteArray();
    }

    @Test
    void eachBatchIsSummarisedOnceAndItsMalformedRecordsAreDeadLettersWithTheirOffsets() throws Exception {
        MemoryKafkaSource source = MemoryKafkaSource.of(spark, "user-events");
        List<UserEventsSummary> summaries = new CopyOnWriteArrayList<>();
        List<BatchRun> runs = new CopyOnWriteArrayList<>();
        List<Row> deadLetters = new CopyOnWriteArrayList<>();
        UserEventsJob userEvents = new UserEventsJob(
                ProtobufDecoder.forDescriptorResource("/protobuf/schemas.desc", UserEventColumns.MESSAGE_NAME),
                new TopUsersByValue(2), 0, (rows, batchId) -> deadLetters.addAll(rows.collectAsList()),
                summaries::add, runs::add);
        try (StreamingJob job = StreamingJob.create(spark, CheckpointLocations.temporary())) {
            userEvents.start(job, source, Duration.ZERO);
            source.add(event("ann", "click", 10), event("bob", "view", 5), "not protobuf".getBytes(StandardCharsets.UTF_8),
                    event("ann", "view", 2.5));
            job.processAllAvailable();
            source.add(event("cid", "click", 40));
            job.processAllAvailable();
        }

        assertThat(summaries).extracting(UserEventsSummary::batchId, UserEventsSummary::rows, UserEventsSummary::deadLetters)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0L, 3L, 1L),
                        org.assertj.core.groups.Tuple.tuple(1L, 1L, 0L));
        assertThat(summaries.get(0).eventsPerAction()).containsExactlyInAnyOrder(
                RowFactory.create("click", 1L), RowFactory.create("view", 2L));
        assertThat(summaries.get(0).topUsers()).containsExactly(RowFactory.create("ann", 12.5), RowFactory.create("bob", 5.0));
        assertThat(summaries.get(1).topUsers()).containsExactly(RowFactory.create("cid", 40.0));
        assertThat(deadLetters).extracting(r -> r.getAs(DeadLetter.TOPIC) + "/" + r.getAs(DeadLetter.OFFSET))
                .containsExactly("user-events/2");
        assertThat(runs).extracting(BatchRun::decodes).containsExactly(4L, 1L);
    }
}
