package dev.streampatterns.examples.alerts;

import dev.streampatterns.alerts.AlertColumns;
import dev.streampatterns.alerts.AlertsJob;
import dev.streampatterns.alerts.AlertRule;
import dev.streampatterns.core.job.StreamingJob;
import dev.streampatterns.core.pattern.LateEvents;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * The alerts each threshold rule of a run dropped as too late, counted in alerts ({@link LateEvents}):
 * what entered the rule's windows, less what its closed windows held, less what its open windows
 * gained during the run (read from the checkpoint before the queries start and after they finish).
 */
final class LateAlerts {
    private static final Duration PROGRESS_WAIT = Duration.ofSeconds(10);
    private final LateEvents.Tally tally = new LateEvents.Tally();
    private final Map<String, Long> heldAtStart = new ConcurrentHashMap<>();
    private final Map<String, Long> dropped = new ConcurrentHashMap<>();

    /** Before the queries start: listens to their progress and notes what their state holds. */
    void beforeStart(StreamingJob job, List<AlertRule> rules) {
        job.spark().streams().addListener(tally);
        for (AlertRule rule : rules) {
            if (rule.stateful()) {
                heldAtStart.put(rule.name(), held(job, rule));
            }
        }
    }

    /** Once the queries have processed everything: counts each threshold rule's dropped alerts. */
    void afterRun(StreamingJob job, List<AlertRule> rules, List<StreamingQuery> queries) throws InterruptedException {
        for (int i = 0; i < rules.size(); i++) {
            AlertRule rule = rules.get(i);
            if (!rule.stateful()) {
                continue;
            }
            String query = AlertsJob.queryName(rule);
            if (!tally.awaitLastBatch(queries.get(i), PROGRESS_WAIT)) {
                continue; // unknown rather than wrong
            }
            long gained = held(job, rule) - heldAtStart.getOrDefault(rule.name(), 0L);
            dropped.put(rule.name(), tally.entered(query, rule.name()) - tally.emitted(query, rule.name()) - gained);
        }
    }

    /** The alerts the rule dropped as too late in this run; null when not known. */
    Long droppedBy(AlertRule rule) {
        return dropped.get(rule.name());
    }

    private static long held(StreamingJob job, AlertRule rule) {
        return LateEvents.held(job.spark(), job.checkpoints().forQuery(AlertsJob.queryName(rule)), AlertColumns.COUNT);
    }
}
