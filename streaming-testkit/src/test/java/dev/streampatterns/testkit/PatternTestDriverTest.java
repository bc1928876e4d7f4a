package dev.streampatterns.testkit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.upper;
import static org.apache.spark.sql.functions.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streampatterns.core.decode.DeadLetter;
import dev.streampatterns.core.decode.FieldLimit;
import dev.streampatterns.core.decode.TextDecoder;
import dev.streampatterns.core.pattern.Pattern;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PatternTestDriverTest {

    private static final StructType EVENTS = new StructType()
            .add("user", DataTypes.StringType)
            .add("value", DataTypes.IntegerType)
            .add("ts", DataTypes.TimestampType);

    private final SparkSession spark = TestSparkSessions.local();
    private final EventTimes times = EventTimes.fromBase();

    private Row event(String user, int value, double seconds) {
        return RowFactory.create(user, value, times.t(seconds));
    }

    /** Keeps the events whose value is above a threshold. */
    private record ValueAbove(int threshold) implements Pattern {
        @Override
        public String name() {
            return "value-above-" + threshold;
        }

        @Override
        public Dataset<Row> apply(Dataset<Row> events) {
            return events.filter(col("value").gt(threshold));
        }
    }

    /** Keeps the user and the value, the user upper-cased. */
    private record UpperUser() implements Pattern {
        @Override
        public String name() {
            return "upper-user";
        }

        @Override
        public Dataset<Row> apply(Dataset<Row> events) {
            return events.select(upper(col("user")).as("user"), col("value"));
        }
    }

    @Test
    void aComposedPatternRunsItsPartsInOrderUnderItsOwnName() {
        Pattern composed = new ValueAbove(10).andThen(new UpperUser());
        try (PatternTestDriver driver = PatternTestDriver.builder(spark, EVENTS).pattern(composed).start()) {
            driver.addRows(event("ann", 5, 0), event("bob", 20, 1), event("cid", 10, 2));
            assertThat(driver.process()).containsExactly(RowFactory.create("BOB", 20));
            assertThat(driver.queryName()).isEqualTo("value-above-10-then-upper-user");
        }
    }

    @Test
    void aSecondDriverOfTheSamePatternGetsAnUnusedQueryName() {
        try (PatternTestDriver first = PatternTestDriver.builder(spark, EVENTS).pattern(new ValueAbove(1)).start();
             PatternTestDriver second = PatternTestDriver.builder(spark, EVENTS).pattern(new ValueAbove(1)).start()) {
            assertThat(first.queryName()).isEqualTo("value-above-1");
            assertThat(second.queryName()).startsWith("value-above-1-").isNotEqualTo(first.queryName());
            second.addRows(event("ann", 2, 0));
            assertThat(second.process()).containsExactly(event("ann", 2, 0));
            assertThat(first.process()).isEmpty();
        }
    }

    @Test
    void statelessPatternEmitsExactlyTheNewRowsOfEachBatch() {
        try (PatternTestDriver driver = PatternTestDriver.builder(spark, EVENTS)
                .pattern(events -> events.filter(col("value").gt(10)).select(upper(col("user")).as("user"), col("value")))
                .start()) {

            driver.addRows(event("ann", 5, 0), event("bob", 20, 1), event("cid", 30, 2));
            assertThat(driver.process()).containsExactlyInAnyOrder(
                    RowFactory.create("BOB", 20), RowFactory.create("CID", 30));

            driver.addRows(List.of(event("dan", 11, 3), event("eve", 10, 4)));
            assertThat(driver.process()).containsExactly(RowFactory.create("DAN", 11));

            assertThat(driver.allOutput()).containsExactlyInAnyOrder(
                    RowFactory.create("BOB", 20), RowFactory.create("CID", 30), RowFactory.create("DAN", 11));
            assertThat(driver.stateRows()).isZero();
            assertThat(driver.droppedByWatermark()).isZero();
        }
    }

    @Test
    void malformedRecordsAreDeadLettersWithTheirReasonAndThePatternSeesOnlyValidRows() {
        StructType payload = new StructType().add("user", DataTypes.StringType).add("value", DataTypes.IntegerType);
        String notJson = "user=ann,value=50";
        String trailingBrace = "{\"user\":\"dan\",\"value\":40}}";
        try (PatternTestDriver driver = PatternTestDriver.builder(spark, TextDecoder.json(payload))
                .pattern(new ValueAbove(10)).start()) {

            driver.addRecords("{\"user\":\"ann\",\"value\":5}", notJson, "{\"user\":\"bob\",\"value\":20}");
            assertThat(driver.process()).containsExactly(RowFactory.create("bob", 20));

            driver.addRecords(trailingBrace, "{\"user\":\"cid\",\"value\":30}");
            assertThat(driver.process()).containsExactly(RowFactory.create("cid", 30));

            assertThat(driver.deadLetters()).extracting(r -> r.<Long>getAs(DeadLetter.OFFSET) + " "
                    + new String(r.<byte[]>getAs(DeadLetter.VALUE), StandardCharsets.UTF_8))
                    .containsExactly("1 " + notJson, "3 " + trailingBrace);
            assertThat(driver.deadLetters()).allSatisfy(r -> assertThat(r.<String>getAs(DeadLetter.REASON))
                    .startsWith("malformed JSON"));
            assertThat(driver.queryName()).isEqualTo("value-above-10");
        }
    }

    @Test
    void onATestClockNothingRunsUntilTheClockReachesATriggerAndEachBatchSeesThatTimeAsItsProcessingTime() {
        java.time.Instant start = java.time.Instant.parse("2030-01-01T00:00:00Z");
        try (PatternTestDriver driver = PatternTestDriver.builder(spark, EVENTS)
                .pattern(events -> events.select(col("user"), current_timestamp().as("processed_at")))
                .clock(start, java.time.Duration.ofSeconds(10)).start()) {

            driver.addRows(event("ann", 1, 0));
            assertThat(driver.process()).as("the next trigger is at 00:00:10").isEmpty();

            driver.advanceClock(java.time.Duration.ofSeconds(10));
            assertThat(driver.process()).containsExactly(RowFactory.create("ann",
                    java.sql.Timestamp.from(start.plusSeconds(10))));

            driver.addRows(event("bob", 2, 1));
            driver.advanceClock(java.time.Duration.ofSeconds(25));
            assertThat(driver.process()).containsExactly(RowFactory.create("bob",
                    java.sql.Timestamp.from(start.plusSeconds(35))));
            assertThat(driver.clock().now()).isEqualTo(start.plusSeconds(35));
        }
    }

    @Test
    void aRecordFurtherAheadOfTheTestClockThanTheSkewIsADeadLetterAndOneWithinItIsNot() {
        java.time.Instant now = java.time.Instant.parse("2030-01-01T00:00:00Z");
        StructType payload = new StructType().add("user", DataTypes.StringType).add("ts", DataTypes.TimestampType);
        TextDecoder decoder = TextDecoder.json(payload)
                .withLimits(FieldLimit.notAheadOfProcessingTime("ts", java.time.Duration.ofHours(1)));
        String soon = "{\"user\":\"ann\",\"ts\":\"2030-01-01T00:30:00Z\"}";
        String tooFar = "{\"user\":\"bob\",\"ts\":\"2030-01-01T02:00:00Z\"}";
        try (PatternTestDriver driver = PatternTestDriver.builder(spark, decoder).pattern(events -> events.select("user"))
                .clock(now, java.time.Duration.ofSeconds(1)).start()) {
            driver.addRecords(soon, tooFar);
            driver.advanceClock(java.time.Duration.ofSeconds(1));

            assertThat(driver.process()).containsExactly(RowFactory.create("ann"));
            assertThat(driver.deadLetters()).extracting(r -> r.<Long>getAs(DeadLetter.OFFSET)).containsExactly(1L);
        }
    }

    @Test
    void aDriverWithoutADecoderTakesNoRawRecords() {
        try (PatternTestDriver driver = PatternTestDriver.builder(spark, EVENTS).start()) {
            assertThatThrownBy(() -> driver.addRecords("{}")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no decoder");
            assertThatThrownBy(driver::deadLetters).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void emptyBatchGivesNoOutput() {
        try (PatternTestDriver driver = PatternTestDriver.builder(spark, EVENTS).start()) {
            assertThat(driver.process()).isEmpty();

            driver.addRows(event("ann", 1, 0));
            assertThat(driver.process()).containsExactly(event("ann", 1, 0));
            assertThat(driver.process()).isEmpty();
            assertThat(driver.allOutput()).hasSize(1);
        }
    }

    @Test
    void windowIsEmittedOnceTheWatermarkPassesItAndLateRowsAreDropped() {
        try (PatternTestDriver driver = PatternTestDriver.builder(spark, EVENTS)
                .pattern(events -> events
                        .withWatermark("ts", "5 seconds")
                        .groupBy(window(col("ts"), "5 seconds"))
                        .count()
                        .select(col("window.start").as("start"), col("count")))
                .outputMode(OutputMode.Append())
                .start()) {

            assertThat(driver.watermark()).isEmpty();
            // On time: the window [0 s, 5 s) fills up but stays open (watermark = 4 s - 5 s).
            driver.addRows(event("a", 1, 0), event("a", 1, 1), event("b", 1, 2), event("b", 1, 3), event("c", 1, 4));
            assertThat(driver.process()).isEmpty();
            assertThat(driver.stateRows()).isEqualTo(1);

            // An event at 20 s moves the watermark to 15 s: Spark's no-data batch closes [0 s, 5 s).
            driver.addRows(event("a", 1, 20));
            assertThat(driver.process()).containsExactly(RowFactory.create(times.t(0), 5L));
            assertThat(driver.stateRows()).isEqualTo(1);
            assertThat(driver.watermark()).contains(times.instant(15));

            // Dropped as too late: 1 s is behind the 15 s watermark, its window is already gone.
            driver.addRows(event("late", 1, 1));
            assertThat(driver.process()).isEmpty();
            assertThat(driver.droppedByWatermark()).isEqualTo(1);

            assertThat(driver.allOutput()).containsExactly(RowFactory.create(times.t(0), 5L));
        }
    }

    @Test
    void aBatchThatDoesNotFinishFailsProcessAfterItsTimeoutAndStopsTheQuery() {
        try (PatternTestDriver driver = PatternTestDriver.builder(spark, EVENTS)
                .pattern(events -> events.map((org.apache.spark.api.java.function.MapFunction<Row, Row>) row -> {
                    java.util.concurrent.locks.LockSupport.park();   // a pattern stuck for good, until interrupted
                    return row;
                }, org.apache.spark.sql.Encoders.row(EVENTS)))
                .start()) {
            driver.addRows(event("ann", 1, 0));
            long start = System.nanoTime();
            assertThatThrownBy(() -> driver.process(java.time.Duration.ofSeconds(3)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("Query '" + driver.queryName() + "' did not process its input within PT3S; it was stopped");
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(30);
            assertThat(spark.streams().active()).noneMatch(q -> q.name().equals(driver.queryName()));
        }
    }

    @Test
    void aFailingPatternSurfacesInProcess() {
        try (PatternTestDriver driver = PatternTestDriver.builder(spark, EVENTS)
                .pattern(events -> events.select(raise_error(lit("boom in the pattern"))))
                .start()) {
            driver.addRows(event("ann", 1, 0));

            assertThatThrownBy(driver::process)
                    .isInstanceOf(IllegalStateException.class)
                    .hasCauseInstanceOf(StreamingQueryException.class)
                    .hasStackTraceContaining("boom in the pattern");
        }
    }

    @Test
    void namedQueryAndRejectedQueryLeavesNoCheckpointBehind() throws IOException {
        String name = "rejected-aggregation";
        assertThatThrownBy(() -> PatternTestDriver.builder(spark, EVENTS)
                // An aggregation in append mode needs a watermark: Spark refuses to start it.
                .pattern(events -> events.groupBy(col("user")).count())
                .queryName(name)
                .start())
                .isInstanceOf(AnalysisException.class);

        assertThat(checkpointFolders(name)).isEmpty();
    }

    @Test
    void closeStopsTheQueryAndDeletesItsCheckpoint() throws IOException {
        String name = "closed-query";
        PatternTestDriver driver = PatternTestDriver.builder(spark, EVENTS).queryName(name).start();
        assertThat(driver.queryName()).isEqualTo(name);
        assertThat(checkpointFolders(name)).hasSize(1);

        driver.close();
        driver.close();

        assertThat(checkpointFolders(name)).isEmpty();
        assertThat(spark.streams().active()).noneMatch(query -> name.equals(query.name()));
        assertThatThrownBy(driver::process).isInstanceOf(IllegalStateException.class);
    }

    private static List<Path> checkpointFolders(String queryName) throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> children = Files.list(tmp)) {
            return children.filter(path -> path.getFileName().toString().startsWith("checkpoint-" + queryName + "-"))
                    .toList();
        }
    }


    @Test
    void twoNamedInputsDriveAStreamStreamJoinAndEachRowLandsInTheBatchOfItsCall() {
        StructType impressions = new StructType().add("ad_user", DataTypes.StringType).add("ad", DataTypes.StringType);
        try (PatternTestDriver driver = PatternTestDriver.builder(spark).input("clicks", EVENTS)
                .input("impressions", impressions)
                .patternOfInputs(in -> in.get("clicks").join(in.get("impressions"), col("user").equalTo(col("ad_user")))
                        .select(col("user"), col("ad"), col("value")))
                .start()) {
            driver.addRows("impressions", RowFactory.create("ann", "shoes"), RowFactory.create("bob", "hats"));
            assertThat(driver.process()).isEmpty();

            driver.addRows("clicks", event("ann", 3, 1), event("cid", 4, 2));
            assertThat(driver.process()).containsExactly(RowFactory.create("ann", "shoes", 3));

            driver.addRows("clicks", event("bob", 5, 3));
            assertThat(driver.process()).containsExactly(RowFactory.create("bob", "hats", 5));
            assertThatThrownBy(() -> driver.addRows(event("ann", 1, 4)))
                    .hasMessage("this driver has inputs [clicks, impressions]; name the input: addRows(input, rows)");
            assertThatThrownBy(() -> driver.addRows("views", event("ann", 1, 4)))
                    .hasMessage("no input named 'views'; inputs: [clicks, impressions]");
        }
    }

    @Test
    void completeModeOutputKeepsItsBatchesApartEachReplacingTheLast() {
        try (PatternTestDriver driver = PatternTestDriver.builder(spark, EVENTS)
                .pattern(events -> events.groupBy("user").count())
                .outputMode(OutputMode.Complete())
                .start()) {
            driver.addRows(event("ann", 1, 0));
            List<PatternTestDriver.OutputBatch> first = driver.processBatches();
            driver.addRows(event("ann", 1, 1), event("bob", 1, 2));
            List<PatternTestDriver.OutputBatch> second = driver.processBatches();

            assertThat(first).singleElement().satisfies(batch -> {
                assertThat(batch.batchId()).isZero();
                assertThat(batch.rows()).containsExactly(RowFactory.create("ann", 1L));
            });
            assertThat(second).singleElement().satisfies(batch -> {
                assertThat(batch.batchId()).isEqualTo(1);
                assertThat(batch.rows()).containsExactlyInAnyOrder(RowFactory.create("ann", 2L), RowFactory.create("bob", 1L));
            });
            assertThat(driver.allOutput()).hasSize(3);
        }
    }
}
