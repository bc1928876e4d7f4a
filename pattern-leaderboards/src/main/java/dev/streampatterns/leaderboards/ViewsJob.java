package dev.streampatterns.leaderboards;

import dev.streampatterns.core.decode.Decoder;
import dev.streampatterns.core.job.StreamingJob;
import dev.streampatterns.core.sink.BatchSink;
import dev.streampatterns.core.sink.KafkaSink;
import dev.streampatterns.core.sink.OutputFormat;
import dev.streampatterns.core.source.StreamSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Website views (SPEC sections 6 and 10) as a job with injected ends: CSV views from a source → the
 * views' decoder → two outputs, each its own query:
 * <ul>
 *   <li>{@value #WINDOWS_QUERY}: {@link MinutesPerUserWindow} (5-second event-time windows,
 *       watermark 5 s), each closed window and user handed to the windows' sink once
 *       ({@link #toKafka}: the topic {@value #DEFAULT_MINUTES_TOPIC}, JSON, key = user);</li>
 *   <li>the boards' job ({@link BoardsJob}): the {@code topics-leaderboard} (views per topic) and the
 *       {@code users-leaderboard} (minutes per user), running, in Redis.</li>
 * </ul>
 *
 * <p>Delivery: the boards exactly once per batch (see {@link BoardsJob}); the windows to Kafka at least
 * once, each record with the {@code spark.batch.id} header by which a reader can drop a replay's copy.
 */
public final class ViewsJob {
    public static final String BOARDS_QUERY = "views-boards";
    public static final String WINDOWS_QUERY = "views-minutes";
    public static final String DEFAULT_MINUTES_TOPIC = "streaming.views.minutes";

    private final MinutesPerUserWindow windows;
    private final BatchSink windowsSink;
    private final Decoder decoder;
    private final BoardsJob boards;

    /**
     * @param windowsSink where each batch's closed windows go, rows of {@link ViewColumns#MINUTES_PER_USER}
     * @param boards      the boards' job, on the same decoder ({@link #boards})
     */
    public ViewsJob(MinutesPerUserWindow windows, BatchSink windowsSink, Decoder decoder, BoardsJob boards) {
        this.windows = Objects.requireNonNull(windows, "windows");
        this.windowsSink = Objects.requireNonNull(windowsSink, "windowsSink");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.boards = Objects.requireNonNull(boards, "boards");
    }

    /** The views' two boards, {@code topics-leaderboard} and {@code users-leaderboard}. */
    public static List<BoardIncrements> boards() {
        return List.of(BoardIncrements.viewsPerTopic(), BoardIncrements.minutesPerUser());
    }

    /**
     * A windows' sink that writes each window as a JSON record to {@code kafka}'s topic, key = user:
     * {@code {"window_start":"2026-01-01T00:00:05.000Z","window_end":...,"user":"user7","minutes":12}}.
     * {@code kafka} must take the columns {@code key} and {@code value}.
     */
    public static BatchSink toKafka(KafkaSink kafka) {
        return kafka.asJson(ViewColumns.USER);
    }

    /** The windows as Kafka records: {@code key} = user, {@code value} = the JSON object of every column. */
    public static Dataset<Row> asRecords(Dataset<Row> windowRows) {
        return OutputFormat.JSON.records(windowRows, ViewColumns.USER);
    }

    /** Starts the windows', the boards' and the dead letters' queries, with a micro-batch every {@code trigger}. */
    public List<StreamingQuery> start(StreamingJob job, StreamSource source, Duration trigger) {
        List<StreamingQuery> queries = new ArrayList<>(boards.start(job, source, trigger));
        queries.add(job.start(WINDOWS_QUERY, windows.apply(decoder.decode(source.readStream(job.spark())).valid())
                .writeStream().outputMode("append").trigger(Trigger.ProcessingTime(trigger.toMillis()))
                .foreachBatch((Dataset<Row> batch, Long batchId) -> windowsSink.write(batch, batchId))));
        return queries;
    }
}
