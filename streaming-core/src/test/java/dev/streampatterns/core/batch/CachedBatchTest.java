package dev.streampatterns.core.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.DoubleValue;
import dev.streampatterns.core.decode.DecodedRows;
import dev.streampatterns.core.decode.ProtobufDecoder;
import dev.streampatterns.core.TestSpark;
import dev.streampatterns.core.sink.BatchSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class CachedBatchTest {
    private static final int RECORDS = 40;
    private final SparkSession spark = TestSpark.local();

    private Dataset<Row> records() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            rows.add(RowFactory.create((Object) DoubleValue.of(i).toByteArray()));
        }
        return spark.createDataFrame(rows, new StructType().add("value", DataTypes.BinaryType));
    }

    @Test
    void decodesEachRecordOnceForSeveralAnalyses() throws Exception {
        ProtobufDecoder decoder = ProtobufDecoder.forGeneratedClass(DoubleValue.class);
        Dataset<Row> decoded = decoder.decode(records()).all();
        AtomicLong validRows = new AtomicLong();
        AtomicLong sum = new AtomicLong();
        CachedBatch batch = CachedBatch.builder("test")
                .countingDecodesOf(decoder.recordsDecoded())
                .analysis("count", (rows, id) -> validRows.set(DecodedRows.of(rows).valid().count()))
                .analysis("sum", (rows, id) -> sum.set((long) DecodedRows.of(rows).valid()
                        .agg(org.apache.spark.sql.functions.sum("value")).first().getDouble(0)))
                .analysis("dead letters", (rows, id) -> DecodedRows.of(rows).deadLetters().count())
                .build();

        batch.call(decoded, 7L);

        BatchRun run = batch.runs().get(0);
        assertThat(run.batchId()).isEqualTo(7L);
        assertThat(run.rows()).isEqualTo(RECORDS);
        assertThat(run.analyses()).isEqualTo(3);
        assertThat(run.decodes()).isEqualTo(RECORDS);
        assertThat(validRows.get()).isEqualTo(RECORDS);
        assertThat(sum.get()).isEqualTo((long) RECORDS * (RECORDS - 1) / 2);
        assertThat(spark.sparkContext().getPersistentRDDs().isEmpty()).isTrue();
    }

    @Test
    void withoutTheCacheEveryAnalysisDecodesAgain() {
        // The contrast that makes the cache worth having: three actions, three decodes per record.
        ProtobufDecoder decoder = ProtobufDecoder.forGeneratedClass(DoubleValue.class);
        DecodedRows decoded = decoder.decode(records());
        decoded.valid().count();
        decoded.valid().count();
        decoded.deadLetters().count();
        assertThat(decoder.recordsDecoded().value()).isEqualTo(3L * RECORDS);
    }

    @Test
    void onlyTheMostRecentRunsAreKeptAndEveryRunReachesTheListener() throws Exception {
        List<Long> heard = new ArrayList<>();
        CachedBatch batch = CachedBatch.builder("test").keepRecentRuns(2)
                .analysis("count", (rows, id) -> rows.count())
                .onBatch(run -> heard.add(run.batchId()))
                .build();

        for (long id = 0; id < 5; id++) {
            batch.call(records(), id);
        }

        assertThat(batch.runs()).extracting(BatchRun::batchId).containsExactly(3L, 4L);
        assertThat(heard).containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void failingAnalysisFailsTheBatchNamingItAndStillUnpersists() {
        CachedBatch batch = CachedBatch.builder("test")
                .analysis("ok", (rows, id) -> rows.count())
                .analysis("sink", (rows, id) -> {
                    throw new IllegalStateException("sink down");
                })
                .build();

        assertThatThrownBy(() -> batch.call(records(), 3L))
                .hasMessage("test: analysis 'sink' failed on batch 3: sink down");
        assertThat(spark.sparkContext().getPersistentRDDs().isEmpty()).isTrue();
        assertThat(batch.runs()).isEmpty();
    }

    /** Spark jobs run by {@code action}, counted by a job group of its own. */
    private long jobsOf(Executable action) throws Throwable {
        String group = "jobs-" + System.nanoTime();
        spark.sparkContext().setJobGroup(group, group, false);
        try {
            action.execute();
        } finally {
            spark.sparkContext().clearJobGroup();
        }
        return spark.sparkContext().statusTracker().getJobIdsForGroup(group).length;
    }

    @Test
    void theFirstAnalysisBuildsTheCacheSoTheBatchRunsNoJobOfItsOwn() throws Throwable {
        ProtobufDecoder decoder = ProtobufDecoder.forGeneratedClass(DoubleValue.class);
        BatchSink sum = (rows, id) -> DecodedRows.of(rows).valid().agg(org.apache.spark.sql.functions.sum("value")).first();
        BatchSink count = (rows, id) -> DecodedRows.of(rows).valid().count();
        long jobsOfTheAnalyses = jobsOf(() -> sum.write(decoder.decode(records()).all(), 0))
                + jobsOf(() -> count.write(decoder.decode(records()).all(), 0));

        CachedBatch batch = CachedBatch.builder("test").countingDecodesOf(decoder.recordsDecoded())
                .analysis("sum", sum).analysis("count", count).build();
        long decodesBefore = decoder.recordsDecoded().value();
        long jobs = jobsOf(() -> batch.call(decoder.decode(records()).all(), 1L));

        assertThat(jobs).isEqualTo(jobsOfTheAnalyses);
        assertThat(decoder.recordsDecoded().value() - decodesBefore).isEqualTo(RECORDS);
        assertThat(batch.runs().get(0).rows()).isEqualTo(RECORDS);
    }

    @Test
    void rowsAreCountedWhenTheFirstAnalysisReadsAFewOfThemOnly() throws Exception {
        List<Row> peeked = new ArrayList<>();
        CachedBatch batch = CachedBatch.builder("test")
                .analysis("peek", (rows, id) -> peeked.addAll(rows.limit(2).collectAsList()))
                .build();

        batch.call(records(), 2L);

        assertThat(peeked).hasSize(2);
        assertThat(batch.runs().get(0).rows()).isEqualTo(RECORDS);
        assertThat(spark.sparkContext().getPersistentRDDs().isEmpty()).isTrue();
    }
}
