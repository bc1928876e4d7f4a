package dev.streampatterns.leaderboards;

import dev.streampatterns.core.batch.CachedBatch;
import dev.streampatterns.core.decode.Decoder;
import dev.streampatterns.core.decode.DecodedRows;
import dev.streampatterns.core.job.StreamingJob;
import dev.streampatterns.core.sink.BatchSink;
import dev.streampatterns.core.sink.QueryBatch;
import dev.streampatterns.core.sink.RefusalPolicy;
import dev.streampatterns.core.sink.SinkWrite;
import dev.streampatterns.core.sink.redis.RedisEndpoint;
import dev.streampatterns.core.sink.redis.RedisSink;
import dev.streampatterns.core.source.StreamSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Running boards as a job with injected ends: records from a source → a decoder (malformed records
 * to the dead letter) → for each board, its {@link BoardIncrements} added to the board's Redis sorted
 * set (the key is the board's name) by core's {@link RedisSink}, one {@code MULTI}/{@code EXEC} per
 * board and batch id. After each batch the job reads the top N of every board with {@link Leaderboard}
 * and reports them. The chapters {@code chapter4-leaderboard} (one board, the players') and
 * {@code chapter6-views} (the topics' and the users' boards) start this job.
 *
 * <p>Queries: {@code <name>} (the boards) and {@code <name>-dead-letters}.
 *
 * <p>Delivery: exactly once per batch of the query on each board: a batch redone after a crash finds
 * its marker and adds nothing, and a run on a new checkpoint adds every batch (the marker names the
 * query's id). An increment Redis refuses (the board's key holds another type) goes to the dead letter
 * under the job's {@link RefusalPolicy}. Dead letters to Kafka are at least once.
 */
public final class BoardsJob {

    /**
     * What one batch did.
     *
     * @param rows          the valid records of the batch
     * @param replaySkipped every board had this batch already (a replay after a restart): nothing added
     * @param tops          the top N of each board after the batch, by board name, in the job's order
     */
    public record BatchReport(String queryId, long batchId, long rows, boolean replaySkipped,
                              Map<String, List<Leaderboard.Entry>> tops) {
        public BatchReport {
            tops = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tops));
        }
    }

    private final String name;
    private final Decoder decoder;
    private final List<BoardIncrements> boards;
    private final RedisEndpoint redis;
    private final BatchSink deadLetters;
    private final RefusalPolicy refusals;
    private final int topN;
    private final Consumer<BatchReport> reports;

    /**
     * @param name     the query's name, and the prefix of its sinks' markers
     * @param boards   what each board adds per batch; each board's Redis key is its {@link BoardIncrements#name()}
     * @param topN     how many members of each board a report holds
     */
    public BoardsJob(String name, Decoder decoder, List<BoardIncrements> boards, RedisEndpoint redis,
                     BatchSink deadLetters, RefusalPolicy refusals, int topN, Consumer<BatchReport> reports) {
        this.name = Objects.requireNonNull(name, "name");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.boards = List.copyOf(boards);
        this.redis = Objects.requireNonNull(redis, "redis");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.refusals = Objects.requireNonNull(refusals, "refusals");
        this.reports = Objects.requireNonNull(reports, "reports");
        if (this.boards.isEmpty()) {
            throw new IllegalArgumentException("a boards job needs at least one board");
        }
        if (topN < 1) {
            throw new IllegalArgumentException("top N of at least 1: " + topN);
        }
        this.topN = topN;
    }

    public String deadLetterQuery() {
        return name + "-dead-letters";
    }

    /** Starts the boards' and the dead letters' queries, with a micro-batch every {@code trigger}. */
    public List<StreamingQuery> start(StreamingJob job, StreamSource source, Duration trigger) {
        Trigger every = Trigger.ProcessingTime(trigger.toMillis());
        StreamingQuery boardsQuery = job.start(name, decode(job, source).valid().writeStream().trigger(every)
                .foreachBatch(batches()));
        VoidFunction2<Dataset<Row>, Long> rejected = deadLetters::write;
        StreamingQuery deadLetterQuery = job.start(deadLetterQuery(), decode(job, source).deadLetters().writeStream()
                .trigger(every).foreachBatch(rejected));
        return List.of(boardsQuery, deadLetterQuery);
    }

    /** What each batch of valid rows does: every board's increments, then the report. */
    CachedBatch batches() {
        List<RedisSink> sinks = new ArrayList<>();
        boards.forEach(board -> sinks.add(sinkOf(board)));
        return CachedBatch.builder(name).analysis("boards", (rows, batchId) -> {
            QueryBatch batch = QueryBatch.current(rows.sparkSession(), batchId);
            boolean allSkipped = true;
            Map<String, List<Leaderboard.Entry>> tops = new LinkedHashMap<>();
            for (int i = 0; i < boards.size(); i++) {
                SinkWrite written = sinks.get(i).write(boards.get(i).apply(rows), batch);
                allSkipped &= written.skipped();
            }
            for (BoardIncrements board : boards) {
                tops.put(board.name(), new Leaderboard(redis, board.name()).top(topN));
            }
            reports.accept(new BatchReport(batch.queryId(), batchId, rows.count(), allSkipped, tops));
        }).build();
    }

    /**
     * The sink that adds {@code board}'s increments to the sorted set of its name. The sink's name, which
     * its batch markers carry, is the job's and the board's; a character a sink name may not hold (a
     * Redis key such as {@code game:scores} may) becomes {@code _}.
     */
    RedisSink sinkOf(BoardIncrements board) {
        String sinkName = name + "." + board.name().replaceAll("[^A-Za-z0-9._-]", "_");
        return RedisSink.sortedSetIncrements(sinkName, redis, board.name(), BoardColumns.MEMBER,
                BoardColumns.AMOUNT).withRefusalPolicy(refusals, deadLetters);
    }

    private DecodedRows decode(StreamingJob job, StreamSource source) {
        return decoder.decode(source.readStream(job.spark()));
    }
}
