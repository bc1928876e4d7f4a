package dev.streampatterns.alerts;

import dev.streampatterns.core.batch.CachedBatch;
import dev.streampatterns.core.decode.DecodedRows;
import dev.streampatterns.core.decode.Decoder;
import dev.streampatterns.core.decode.FieldLimit;
import dev.streampatterns.core.decode.TextDecoder;
import dev.streampatterns.core.job.StreamingJob;
import dev.streampatterns.core.sink.BatchSink;
import dev.streampatterns.core.sink.KafkaSink;
import dev.streampatterns.core.sink.RefusalPolicy;
import dev.streampatterns.core.sink.RefusedRows;
import dev.streampatterns.core.source.StreamSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.DataStreamWriter;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Chapter 3 as a job: lines of alerts from a source (Kafka, or the testkit's in-memory one) → CSV
 * decoder (valid | dead letter) → one streaming query per rule → the rule's topic on the output
 * cluster, dead letters to their sink. The chapter {@code chapter3-alerts}, its tests and the latency
 * measurement all start this same job.
 *
 * <p>Queries: {@code alerts-<rule>} for each rule, and {@code alerts-dead-letters} when a dead-letter
 * sink is given. Each query reads the input topic itself, so each rule has its own watermark,
 * trigger and checkpoint and no rule can hold another back; the price is one read and decode of the
 * input per query.
 *
 * <p>Triggers: a stateless rule (a route) runs under {@link RouteTrigger}; a threshold rule and the
 * dead letters run in micro-batches every {@code batchInterval}.
 *
 * <p>Clocks: a threshold rule and the dead letters decode with the clock-skew guard
 * ({@link AlertColumns#eventTimeDecoder}), so an alert stamped more than {@code maxClockSkew} ahead of
 * the processing clock is a dead letter and never reaches a watermark. A route has no watermark for
 * such an alert to move, and continuous processing has no processing clock to compare it with, so
 * routes pass it on: a far-future CRITICAL alert is routed and also appears in the dead letters.
 *
 * <p>Writers: a threshold rule, and a route under micro-batches, write through core's
 * {@link KafkaSink}: each record carries the {@code spark.batch.id} header, and a record too large
 * for its topic is a dead letter (or fails the batch, by the {@link RefusalPolicy}). A route under
 * continuous processing writes with Spark's Kafka writer, the one sink that mode offers.
 *
 * <p>Delivery: at least once for every output. Spark's Kafka writer is not transactional, so a batch
 * (or a continuous epoch) replayed after a failure writes its alerts again; input offsets are in each
 * query's checkpoint, so a restart neither skips nor loses an alert. A threshold alert is identified
 * by its rule, key and window start; a routed alert by its own fields.
 */
public final class AlertsJob {
    public static final String QUERY_PREFIX = "alerts-";
    public static final String DEAD_LETTER_QUERY = "alerts-dead-letters";

    /** How a stateless rule is triggered. */
    public enum RouteTrigger {
        /** Spark's continuous processing: long-running tasks, at-least-once, checkpoints every interval. */
        CONTINUOUS,
        /** Micro-batches, one every interval (0: as soon as the previous one ends). */
        MICRO_BATCH
    }

    /**
     * How an alerts job runs its queries.
     *
     * @param routeTrigger  how stateless rules (routes) run
     * @param routeInterval continuous: the checkpoint interval; micro-batch: the trigger interval (0: back to back)
     * @param batchInterval the trigger interval of threshold rules and dead letters
     * @param maxClockSkew  how far ahead of the processing clock an alert may be for threshold rules
     * @param refusals      what a record too large for its topic does: a dead letter or a failed batch
     */
    public record Options(RouteTrigger routeTrigger, Duration routeInterval, Duration batchInterval,
                          Duration maxClockSkew, RefusalPolicy refusals) {
        /** Routes under the continuous trigger checkpointing every second, thresholds every second, the default skew and policy. */
        public static final Options DEFAULTS = new Options(RouteTrigger.CONTINUOUS, Duration.ofSeconds(1),
                Duration.ofSeconds(1), AlertColumns.DEFAULT_MAX_CLOCK_SKEW, RefusalPolicy.DEFAULT);

        public Options {
            Objects.requireNonNull(routeTrigger, "routeTrigger");
            Objects.requireNonNull(refusals, "refusals");
            for (Duration duration : new Duration[] {routeInterval, batchInterval, maxClockSkew}) {
                if (duration.isNegative()) {
                    throw new IllegalArgumentException("a negative interval or skew: " + duration);
                }
            }
        }

        public Options withRoutes(RouteTrigger trigger, Duration interval) {
            return new Options(trigger, interval, batchInterval, maxClockSkew, refusals);
        }

        public Options withBatchInterval(Duration interval) {
            return new Options(routeTrigger, routeInterval, interval, maxClockSkew, refusals);
        }

        public Options withMaxClockSkew(Duration skew) {
            return new Options(routeTrigger, routeInterval, batchInterval, skew, refusals);
        }

        public Options withRefusals(RefusalPolicy policy) {
            return new Options(routeTrigger, routeInterval, batchInterval, maxClockSkew, policy);
        }
    }

    private final AlertRules rules;
    private final TextDecoder decoder;
    private final TextDecoder eventTimeDecoder;
    private final String outputServers;
    private final BatchSink deadLetterSink;
    private final RouteTrigger routeTrigger;
    private final Duration routeInterval;
    private final Duration batchInterval;
    private final RefusalPolicy refusals;

    /**
     * @param outputServers  the Kafka cluster the rules' topics are on
     * @param deadLetterSink where malformed lines go; null for no dead-letter query
     */
    public AlertsJob(AlertRules rules, TextDecoder decoder, String outputServers, BatchSink deadLetterSink,
                     Options options) {
        this.rules = rules;
        this.decoder = decoder;
        this.eventTimeDecoder = decoder.withLimits(
                FieldLimit.notAheadOfProcessingTime(AlertColumns.TIMESTAMP, options.maxClockSkew()));
        this.outputServers = outputServers;
        this.deadLetterSink = deadLetterSink;
        this.routeTrigger = options.routeTrigger();
        this.routeInterval = options.routeInterval();
        this.batchInterval = options.batchInterval();
        this.refusals = options.refusals();
    }

    /** Starts one query per rule, then the dead letters; returns them in that order. */
    public List<StreamingQuery> start(StreamingJob job, StreamSource source) {
        List<StreamingQuery> queries = new ArrayList<>();
        for (AlertRule rule : rules.rules()) {
            Decoder ruleDecoder = rule.stateful() ? eventTimeDecoder : decoder;
            Dataset<Row> records = rule.toRecords(decode(ruleDecoder, job, source).valid());
            queries.add(job.start(queryName(rule), continuous(rule) ? toKafkaContinuously(records, rule)
                    : toKafkaSink(records, rule)));
        }
        if (deadLetterSink != null) {
            VoidFunction2<Dataset<Row>, Long> deadLetters = deadLetterSink::write;
            queries.add(job.start(DEAD_LETTER_QUERY, decode(eventTimeDecoder, job, source).deadLetters().writeStream()
                    .trigger(Trigger.ProcessingTime(batchInterval.toMillis()))
                    .foreachBatch(deadLetters)));
        }
        return queries;
    }

    private boolean continuous(AlertRule rule) {
        return !rule.stateful() && routeTrigger == RouteTrigger.CONTINUOUS;
    }

    /**
     * In micro-batches, through the shared {@link KafkaSink}: each record carries the batch-id header,
     * and a record too large for the topic goes to the dead letter under the job's refusal policy.
     * The batch is cached first, since the sink reads it twice (its size check, then the write).
     */
    private DataStreamWriter<Row> toKafkaSink(Dataset<Row> records, AlertRule rule) {
        KafkaSink sink = KafkaSink.to(outputServers, rule.topic(), AlertPattern.RECORD_KEY, AlertPattern.RECORD_VALUE);
        if (deadLetterSink != null) {
            sink = sink.withRefusalPolicy(refusals, deadLetterSink, RefusedRows.SourceColumns.NONE);
        }
        KafkaSink ruleSink = sink;
        return records.writeStream()
                .outputMode(OutputMode.Append())
                .trigger(trigger(rule))
                .foreachBatch(CachedBatch.builder(queryName(rule)).analysis("to " + rule.topic(), ruleSink::write).build());
    }

    /**
     * Under continuous processing only Spark's own Kafka writer runs: no batch id to put in a header
     * and no size check. The decoder's limit on a message's length keeps a routed alert far below
     * Kafka's default record limit.
     */
    private DataStreamWriter<Row> toKafkaContinuously(Dataset<Row> records, AlertRule rule) {
        return records.writeStream()
                .format("kafka")
                .outputMode(OutputMode.Append())
                .option("kafka.bootstrap.servers", outputServers)
                .option("kafka.acks", "all")
                .option("topic", rule.topic())
                .trigger(trigger(rule));
    }

    public static String queryName(AlertRule rule) {
        return QUERY_PREFIX + rule.name();
    }

    private static DecodedRows decode(Decoder decoder, StreamingJob job, StreamSource source) {
        return decoder.decode(source.readStream(job.spark()));
    }

    private Trigger trigger(AlertRule rule) {
        if (rule.stateful()) {
            return Trigger.ProcessingTime(batchInterval.toMillis());
        }
        return routeTrigger == RouteTrigger.CONTINUOUS ? Trigger.Continuous(routeInterval.toMillis())
                : Trigger.ProcessingTime(routeInterval.toMillis());
    }
}
