package dev.streampatterns.examples.alerts;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;

/** Counts, per query, the rows its state operators dropped for arriving behind the watermark. */
final class WatermarkDrops extends StreamingQueryListener {
    private final Map<String, AtomicLong> dropped = new ConcurrentHashMap<>();

    @Override
    public void onQueryStarted(QueryStartedEvent event) {
        // Nothing dropped before the first batch.
    }

    @Override
    public void onQueryProgress(QueryProgressEvent event) {
        long rows = 0;
        for (StateOperatorProgress operator : event.progress().stateOperators()) {
            rows += operator.numRowsDroppedByWatermark();
        }
        dropped.computeIfAbsent(event.progress().name(), n -> new AtomicLong()).addAndGet(rows);
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {
        // Counts stay readable after the query ends.
    }

    /** Rows dropped so far by the query of that name. */
    long of(String queryName) {
        AtomicLong rows = dropped.get(queryName);
        return rows == null ? 0 : rows.get();
    }
}
