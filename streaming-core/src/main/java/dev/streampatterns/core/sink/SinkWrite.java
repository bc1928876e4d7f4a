package dev.streampatterns.core.sink;

import java.util.List;

/**
 * What an exactly-once sink did with one batch: wrote it (how many rows, and which rows the server
 * refused as data errors), or skipped it because the same batch of the same query was committed
 * before — a replay after a restart. A job reports from this, never from what it handed the sink.
 *
 * @param sink       the sink's name
 * @param batch      the batch and its query
 * @param skipped    true when the batch was committed before and nothing was written now
 * @param rowsWritten rows the sink wrote in this call (0 when skipped); for Redis, the keys or members updated
 * @param refused    rows the sink refused, sent to its dead letter (empty when skipped)
 */
public record SinkWrite(String sink, QueryBatch batch, boolean skipped, long rowsWritten, List<RefusedRow> refused) {
    public SinkWrite {
        refused = List.copyOf(refused);
    }

    /** A batch written now. */
    public static SinkWrite written(String sink, QueryBatch batch, long rows, List<RefusedRow> refused) {
        return new SinkWrite(sink, batch, false, rows, refused);
    }

    /** A batch found committed already: a replay, written by an earlier attempt. */
    public static SinkWrite replaySkipped(String sink, QueryBatch batch) {
        return new SinkWrite(sink, batch, true, 0, List.of());
    }

    /** What happened, for a log line after the sink's own description. */
    public String describe() {
        return skipped ? batch + " was committed before (a replay after a restart): skipped, nothing written"
                : batch + ": " + rowsWritten + " written, " + refused.size() + " refused";
    }

    public long rowsRefused() {
        return refused.size();
    }
}
