package dev.streampatterns.core.job;

import dev.streampatterns.core.sink.SinkRefusals;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per micro-batch of every query of the session: input rows, processing rate, batch
 * duration, state rows and state memory, watermark and its lag behind the latest event time — the
 * figures to watch on a live stream (SPEC section 9).
 * Empty batches that only advance the watermark are reported too, because that is when windows close.
 */
public final class ProgressReporter extends StreamingQueryListener {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressReporter.class);
    private final Consumer<String> out;
    /** Query names by run id: a termination event carries only the id. */
    private final Map<UUID, String> names = new ConcurrentHashMap<>();

    public ProgressReporter() {
        this(LOG::info);
    }

    public ProgressReporter(Consumer<String> out) {
        this.out = out;
    }

    @Override
    public void onQueryStarted(QueryStartedEvent event) {
        names.put(event.id(), event.name());
        out.accept("query " + event.name() + " started (id " + event.id() + ")");
    }

    @Override
    public void onQueryProgress(QueryProgressEvent event) {
        StreamingQueryProgress progress = event.progress();
        out.accept(format(progress, SinkRefusals.take(progress.id().toString(), progress.batchId())));
    }

    @Override
    public void onQueryIdle(QueryIdleEvent event) {
        // Idle events come every trigger while no data arrives; they would drown the batch lines.
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {
        String name = names.getOrDefault(event.id(), event.id().toString());
        if (event.exception().isDefined()) {
            // Spark gives the failure as text with its whole stack trace; the first line says what
            // happened, the trace is for whoever asks (DEBUG) and for the caller that rethrows it.
            String failure = event.exception().get();
            int endOfLine = failure.indexOf('\n');
            LOG.error("query {} failed: {}", name, endOfLine < 0 ? failure : failure.substring(0, endOfLine));
            LOG.debug("query {} failed: {}", name, failure);
        } else {
            out.accept("query " + name + " stopped");
        }
    }

    /**
     * The progress line of one batch; {@code refusedPerSink}, the rows each sink sent to the dead
     * letter in it (see {@link SinkRefusals}), ends the line when a sink refused any.
     */
    public static String format(StreamingQueryProgress progress, Map<String, Long> refusedPerSink) {
        long stateRows = Arrays.stream(progress.stateOperators()).mapToLong(StateOperatorProgress::numRowsTotal).sum();
        long stateBytes = Arrays.stream(progress.stateOperators()).mapToLong(StateOperatorProgress::memoryUsedBytes).sum();
        Map<String, String> eventTime = progress.eventTime();
        String watermark = eventTime != null && eventTime.containsKey("watermark") ? eventTime.get("watermark") : "-";
        Long duration = progress.durationMs() != null ? progress.durationMs().get("triggerExecution") : null;
        double rate = progress.processedRowsPerSecond();
        String line = String.format(Locale.ROOT, "%s batch %d: %,d rows, %,.0f rows/s, %s ms, state rows %,d%s, watermark %s%s",
                progress.name(), progress.batchId(), progress.numInputRows(),
                Double.isNaN(rate) ? 0.0 : rate, duration == null ? "-" : duration, stateRows,
                stateBytes > 0 ? String.format(Locale.ROOT, " (%,.1f MiB)", stateBytes / 1048576.0) : "", watermark,
                watermarkLag(eventTime));
        String refused = refusedPerSink.entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
        return refused.isEmpty() ? line : line + ", refused to the dead letter by " + refused;
    }

    /**
     * How far the watermark is behind the latest event time of the batch, {@code " (lag 5m 0.0s)"}: the
     * watermark delay, plus how long the stream has been still; empty when the batch had no event time
     * or the query has no watermark yet.
     */
    private static String watermarkLag(Map<String, String> eventTime) {
        if (eventTime == null || !eventTime.containsKey("max") || !eventTime.containsKey("watermark")) {
            return "";
        }
        try {
            java.time.Instant watermark = java.time.Instant.parse(eventTime.get("watermark"));
            if (watermark.equals(java.time.Instant.EPOCH)) {
                return "";   // Spark's watermark before the first batch has set one: no lag to speak of
            }
            java.time.Duration lag = java.time.Duration.between(watermark, java.time.Instant.parse(eventTime.get("max")));
            return String.format(Locale.ROOT, " (lag %s)", lag.toString().substring(2).toLowerCase(Locale.ROOT));
        } catch (java.time.format.DateTimeParseException e) {
            return "";
        }
    }
}
