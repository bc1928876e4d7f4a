package dev.streampatterns.alerts;

import dev.streampatterns.core.config.Names;
import dev.streampatterns.core.sink.OutputFormat;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One rule of an alerts job: a pattern (what to publish), the topic it goes to, and the format of
 * its values. Rules come from a rules file ({@link AlertRules}). Run each rule as its own streaming
 * query (as {@link AlertsJob} does), so that rules never share a watermark, a
 * trigger or a checkpoint: Spark keeps one watermark per query.
 *
 * @param pattern {@link CriticalRouting} or {@link WindowedThreshold}; its name is the rule's name
 * @param topic   the Kafka topic of the rule's alerts
 * @param format  the format of the record values
 */
public record AlertRule(AlertPattern pattern, String topic, OutputFormat format) {

    public AlertRule {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(format, "format");
        if (!Names.isTopic(topic)) {
            throw new IllegalArgumentException("rule '" + pattern.name() + "': topic '" + topic
                    + "' is not a valid Kafka topic name");
        }
    }

    public String name() {
        return pattern.name();
    }

    /** See {@link AlertPattern#stateful()}. */
    public boolean stateful() {
        return pattern.stateful();
    }

    /** Decoded alerts in, the rule's Kafka records ({@code key}, {@code value}) out. */
    public Dataset<Row> toRecords(Dataset<Row> alerts) {
        return pattern.toRecords(pattern.apply(alerts), format);
    }
}
