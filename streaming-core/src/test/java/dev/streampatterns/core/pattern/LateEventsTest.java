package dev.streampatterns.core.pattern;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.window;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streampatterns.core.TestSpark;
import dev.streampatterns.servers.TempFolders;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.MemoryStream;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Late events counted in events, not in Spark's rows after partial aggregation: a count per code in
 * 10-second windows with a 10-second watermark, fed batches whose late events the test finds on its
 * own by replaying the watermark rule.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class LateEventsTest {
    private static final StructType EVENTS = new StructType()
            .add("timestamp", DataTypes.TimestampType).add("code", DataTypes.IntegerType);
    private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");
    private static final long WINDOW_SECONDS = 10;
    private static final long WATERMARK_SECONDS = 10;

    private final SparkSession spark = TestSpark.local();

    @Test
    void eventsDroppedAsTooLateAreCountedOneByOneAndHeldWindowsAreNotCountedAsDropped() throws Exception {
        // Batch 3 is six events of a window that closed when batch 2's event moved the watermark to 00:00:21.
        int[][] batches = {{1, 2, 3, 4, 5}, {31}, {2, 3, 4, 6, 7, 8}, {35, 36}};
        String name = "late-events-" + System.nanoTime();
        MemoryStream<Row> input = MemoryStream.apply(Encoders.row(EVENTS), spark.sqlContext());
        Dataset<Row> windows = LateEvents.entering(input.toDF().withWatermark("timestamp", WATERMARK_SECONDS + " seconds"),
                        "per-code")
                .groupBy(window(col("timestamp"), WINDOW_SECONDS + " seconds").as("window"), col("code"))
                .count();
        Path checkpoint = TempFolders.create("late-events-");
        LateEvents.Tally tally = new LateEvents.Tally();
        spark.streams().addListener(tally);
        List<Row> emitted = new java.util.concurrent.CopyOnWriteArrayList<>();
        VoidFunction2<Dataset<Row>, Long> collect = (batch, id) -> emitted.addAll(batch.collectAsList());
        StreamingQuery query = LateEvents.emitted(windows, "per-code", "count").writeStream().queryName(name)
                .outputMode("append").option("checkpointLocation", checkpoint.toString()).foreachBatch(collect).start();
        try {
            long heldAtStart = LateEvents.held(spark, checkpoint, "count");
            for (int[] seconds : batches) {
                List<Row> rows = new ArrayList<>();
                for (int second : seconds) {
                    rows.add(RowFactory.create(Timestamp.from(BASE.plusSeconds(second)), 300));
                }
                input.addData(CollectionConverters.asScala(rows));
                query.processAllAvailable();
            }
            assertThat(tally.awaitLastBatch(query, Duration.ofSeconds(30))).isTrue();

            long entered = tally.entered(name, "per-code");
            long held = LateEvents.held(spark, checkpoint, "count") - heldAtStart;
            long dropped = entered - tally.emitted(name, "per-code") - held;

            assertThat(heldAtStart).isZero();
            assertThat(entered).isEqualTo(14);
            assertThat(tally.emitted(name, "per-code")).isEqualTo(emitted.stream().mapToLong(r -> r.getLong(2)).sum());
            assertThat(dropped).isEqualTo(lateByTheWatermarkRule(batches));
            assertThat(held).as("the window 00:00:30-00:00:40 is still open").isEqualTo(3);
        } finally {
            query.stop();
            spark.streams().removeListener(tally);
            TempFolders.deleteRecursively(checkpoint);
        }
    }

    /**
     * The test's own model: an event is late when its window ends at or before the watermark of its
     * batch, the latest event time of the batches before it minus the delay.
     */
    private static long lateByTheWatermarkRule(int[][] batches) {
        long maxSeen = Long.MIN_VALUE;
        long late = 0;
        for (int[] batch : batches) {
            long watermark = maxSeen == Long.MIN_VALUE ? Long.MIN_VALUE : maxSeen - WATERMARK_SECONDS;
            for (int second : batch) {
                long windowEnd = (second / WINDOW_SECONDS + 1) * WINDOW_SECONDS;
                if (windowEnd <= watermark) {
                    late++;
                }
            }
            for (int second : batch) {
                maxSeen = Math.max(maxSeen, second);
            }
        }
        return late;
    }
}
