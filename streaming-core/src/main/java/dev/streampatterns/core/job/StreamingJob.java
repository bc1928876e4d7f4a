package dev.streampatterns.core.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamWriter;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the streaming queries of one job: names them, gives each its checkpoint folder, reports
 * progress per batch, and stops them cleanly on {@link #close()} or on Ctrl-C / SIGTERM.
 *
 * <p>The stop on a signal runs before Spark's own shutdown hook stops the SparkContext, so a query
 * ends between batches with its offsets committed, instead of dying inside a batch.
 */
public final class StreamingJob implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamingJob.class);
    /** Spark stops its context at priority 50; a higher priority runs first. */
    private static final int STOP_QUERIES_PRIORITY = 60;

    private final SparkSession spark;
    private final CheckpointLocations checkpoints;
    private final ProgressReporter progress;
    private final List<StreamingQuery> queries = new ArrayList<>();
    private final Runnable shutdownHook = this::stopOnSignal;
    private boolean closed;

    private StreamingJob(SparkSession spark, CheckpointLocations checkpoints, ProgressReporter progress) {
        this.spark = spark;
        this.checkpoints = checkpoints;
        this.progress = progress;
        if (progress != null) {
            spark.streams().addListener(progress);
        }
        ShutdownHookManager.get().addShutdownHook(shutdownHook, STOP_QUERIES_PRIORITY);
    }

    /** A job whose queries report one progress line per batch. */
    public static StreamingJob create(SparkSession spark, CheckpointLocations checkpoints) {
        return new StreamingJob(spark, checkpoints, new ProgressReporter());
    }

    /** A job that reports progress elsewhere, or nowhere when {@code progress} is null. */
    public static StreamingJob create(SparkSession spark, CheckpointLocations checkpoints, ProgressReporter progress) {
        return new StreamingJob(spark, checkpoints, progress);
    }

    public SparkSession spark() {
        return spark;
    }

    public CheckpointLocations checkpoints() {
        return checkpoints;
    }

    /** Starts a query under its name, with its checkpoint in {@code <root>/<queryName>}. */
    public synchronized StreamingQuery start(String queryName, DataStreamWriter<Row> writer) {
        if (closed) {
            throw new IllegalStateException("job is closed");
        }
        try {
            StreamingQuery query = writer.queryName(queryName)
                    .option("checkpointLocation", checkpoints.forQuery(queryName).toString())
                    .start();
            queries.add(query);
            return query;
        } catch (TimeoutException e) {
            throw new IllegalStateException("query " + queryName + " did not start in time", e);
        }
    }

    /**
     * Blocks until every query has processed all the data available now, then returns. A query that
     * failed throws here, with Spark's cause, so a batch that could not be written is never hidden.
     */
    public void processAllAvailable() {
        for (StreamingQuery query : startedQueries()) {
            query.processAllAvailable();
        }
        rethrowFailures();
    }

    /**
     * Blocks until one of this job's queries ends, and rethrows its failure. Other queries of the
     * session (another job's, a test's) do not count: Spark's own {@code awaitAnyTermination} would
     * return for any of them, and also for one that ended before this call.
     */
    public void awaitAnyTermination() throws StreamingQueryException {
        List<StreamingQuery> ours = startedQueries();
        Set<UUID> ids = ours.stream().map(StreamingQuery::id).collect(Collectors.toSet());
        CountDownLatch ended = new CountDownLatch(1);
        StreamingQueryListener listener = new StreamingQueryListener() {
            @Override
            public void onQueryStarted(QueryStartedEvent event) {
            }

            @Override
            public void onQueryProgress(QueryProgressEvent event) {
            }

            @Override
            public void onQueryTerminated(QueryTerminatedEvent event) {
                if (ids.contains(event.id())) {
                    ended.countDown();
                }
            }
        };
        spark.streams().addListener(listener);
        try {
            // Checked after the listener is added, so an end between the two is not missed.
            while (ours.stream().allMatch(StreamingQuery::isActive)) {
                if (ended.await(1, TimeUnit.SECONDS)) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } finally {
            spark.streams().removeListener(listener);
        }
        for (StreamingQuery query : ours) {
            if (!query.isActive()) {
                query.awaitTermination(); // returns at once; throws the query's failure, if it failed
            }
        }
    }

    private synchronized List<StreamingQuery> startedQueries() {
        return new ArrayList<>(queries);
    }

    /** Throws if one of the job's queries has failed, with Spark's cause; returns at once otherwise. */
    public void rethrowFailures() {
        for (StreamingQuery query : startedQueries()) {
            if (query.exception().isDefined()) {
                throw new IllegalStateException("query " + query.name() + " failed: "
                        + query.exception().get().getMessage(), query.exception().get());
            }
        }
    }

    private void stopOnSignal() {
        if (!isClosed()) {
            LOG.warn("stopping {} queries on shutdown signal", startedQueries().size());
            close();
        }
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Stops every query (between batches), removes the progress listener, deletes temporary
     * checkpoints. A second caller — the main thread after a shutdown signal stopped the queries —
     * waits until the first has finished, so nobody stops the SparkContext under a query still stopping.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        for (StreamingQuery query : queries) {
            try {
                query.stop();
            } catch (TimeoutException | RuntimeException e) {
                LOG.error("query {} did not stop cleanly", query.name(), e);
                if (failure == null) {
                    failure = new IllegalStateException("query " + query.name() + " did not stop cleanly", e);
                }
            }
        }
        if (progress != null) {
            spark.streams().removeListener(progress);
        }
        if (!ShutdownHookManager.get().isShutdownInProgress()) {
            ShutdownHookManager.get().removeShutdownHook(shutdownHook);
        }
        checkpoints.deleteIfTemporary();
        if (failure != null) {
            throw failure;
        }
    }
}
