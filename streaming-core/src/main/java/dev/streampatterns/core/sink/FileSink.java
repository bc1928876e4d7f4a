package dev.streampatterns.core.sink;

import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.streaming.DataStreamWriter;

/**
 * Files: Parquet or JSON.
 *
 * <p>As a {@link BatchSink} (inside {@code foreachBatch}) each batch goes to its own folder
 * {@code <dir>/query_id=<query id>/batch_id=<id>}, overwritten when the batch is replayed:
 * <b>exactly once per batch of a query</b>, and reading {@code <dir>} sees every batch once (as
 * {@code query_id} and {@code batch_id} partition columns). A run on a new checkpoint has a new query
 * id, so its batch 0 never replaces an earlier run's. A reader that lists the folder while a replay
 * rewrites a batch may see that batch half-written.
 *
 * <p>As a query of its own, {@link #streaming} uses Spark's file sink, which is exactly once with
 * the checkpoint: readers of {@code <dir>} through Spark see only committed files (its
 * {@code _spark_metadata} log).
 */
public final class FileSink implements BatchSink {
    private static final long serialVersionUID = 1L;

    /** The file formats written. */
    public enum Format { PARQUET, JSON }

    private final Format format;
    private final String directory;

    private FileSink(Format format, Path directory) {
        this.format = format;
        this.directory = directory.toAbsolutePath().toString();
    }

    public static FileSink parquet(Path directory) {
        return new FileSink(Format.PARQUET, directory);
    }

    public static FileSink json(Path directory) {
        return new FileSink(Format.JSON, directory);
    }

    /** Inside {@code foreachBatch}: the batch of the running query. */
    @Override
    public void write(Dataset<Row> batch, long batchId) {
        write(batch, QueryBatch.current(batch.sparkSession(), batchId));
    }

    /** The batch of the query named, into its own folder. */
    public void write(Dataset<Row> batch, QueryBatch queryBatch) {
        batch.write().mode(SaveMode.Overwrite).format(format.name().toLowerCase(Locale.ROOT))
                .save(directory + "/query_id=" + queryBatch.queryId() + "/batch_id=" + queryBatch.batchId());
    }

    /** Spark's own file sink for a streaming Dataset (append output mode), to be started by {@code StreamingJob}. */
    public static DataStreamWriter<Row> streaming(Dataset<Row> stream, Format format, Path directory) {
        return stream.writeStream().format(format.name().toLowerCase(Locale.ROOT)).outputMode("append")
                .option("path", directory.toAbsolutePath().toString());
    }
}
