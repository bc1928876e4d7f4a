package dev.streampatterns.core.sink;

import java.io.Serializable;
import java.util.Objects;
import org.apache.spark.sql.SparkSession;

/**
 * Which micro-batch of which streaming query a write belongs to: the query's id and the batch id.
 *
 * <p>Batch ids alone do not identify a batch: every new checkpoint numbers its batches from 0 again.
 * Spark's query id does: it is written into the checkpoint when the query first starts, so it stays
 * the same across restarts from that checkpoint and is new for every new checkpoint. Exactly-once
 * sinks key what they have committed by (query id, sink name, batch id): a replay from the same
 * checkpoint finds its record and is skipped, a run on a new checkpoint writes everything.
 */
public record QueryBatch(String queryId, long batchId) implements Serializable {
    /** The local property through which Spark hands its query id to the code of a batch (StreamExecution.QUERY_ID_KEY). */
    static final String QUERY_ID_PROPERTY = "sql.streaming.queryId";
    private static final String ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    public QueryBatch {
        Objects.requireNonNull(queryId, "queryId");
        if (!queryId.matches(ID_PATTERN)) {
            throw new IllegalArgumentException("query id '" + queryId + "': letters, digits, '.', '_' or '-', at most 64");
        }
        if (batchId < 0) {
            throw new IllegalArgumentException("batch id " + batchId + " is negative");
        }
    }

    /**
     * The batch being run by the streaming query of the calling thread, as inside
     * {@code foreachBatch}. Fails when the caller is not running a streaming query's batch: a write
     * outside a query must name its query with {@link #QueryBatch(String, long)}.
     */
    public static QueryBatch current(SparkSession spark, long batchId) {
        return ofCallingQuery(spark, batchId).orElseThrow(() -> new IllegalStateException("batch " + batchId
                + " is not being run by a streaming query (no query id on this thread): call the sink from "
                + "foreachBatch, or pass a QueryBatch naming the query"));
    }

    /** The batch of the streaming query of the calling thread, when a query is calling; empty otherwise. */
    public static java.util.Optional<QueryBatch> ofCallingQuery(SparkSession spark, long batchId) {
        String queryId = spark.sparkContext().getLocalProperty(QUERY_ID_PROPERTY);
        return queryId == null ? java.util.Optional.empty() : java.util.Optional.of(new QueryBatch(queryId, batchId));
    }

    @Override
    public String toString() {
        return "batch " + batchId + " of query " + queryId;
    }
}
