package dev.streampatterns.examples.alerts;

import dev.streampatterns.alerts.AlertColumns;
import dev.streampatterns.alerts.AlertsJob;
import dev.streampatterns.alerts.AlertRule;
import dev.streampatterns.alerts.AlertRules;
import dev.streampatterns.core.config.Config;
import dev.streampatterns.core.config.Setting;
import dev.streampatterns.core.config.Settings;
import dev.streampatterns.core.sink.DeadLetterSink;
import dev.streampatterns.core.sink.SinkRefusals;
import dev.streampatterns.core.source.KafkaSource;
import dev.streampatterns.core.source.KafkaSourceOptions;
import dev.streampatterns.examples.BackgroundGenerator;
import dev.streampatterns.examples.ChapterEventClock;
import dev.streampatterns.examples.ChapterOptions;
import dev.streampatterns.examples.ChapterRun;
import dev.streampatterns.examples.ExampleSettings;
import dev.streampatterns.examples.KafkaConnection;
import dev.streampatterns.alerts.AlertsJob.RouteTrigger;
import dev.streampatterns.generators.AlertsDataset;
import dev.streampatterns.generators.GeneratorReport;
import dev.streampatterns.generators.MalformedInjection;
import dev.streampatterns.servers.TopicFollower;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chapter 3, alerts and thresholds: a seeded generator sends CSV alerts (some late, some malformed) to
 * Kafka while one streaming query per rule publishes the alerts of that rule to its topic, and a
 * console view prints the output topics as alerts arrive.
 */
public final class AlertsExample {
    private static final Logger LOG = LoggerFactory.getLogger(AlertsExample.class);

    static final Setting<String> TOPIC = Setting.string("topic", AlertsDataset.DEFAULT_TOPIC, "input topic");
    static final Setting<String> DEAD_LETTER_TOPIC = Setting.string("dead-letter-topic", "streaming.alerts.dead-letter",
            "topic for lines that cannot be decoded");
    static final Setting<Optional<String>> RULES = Setting.optionalString("rules",
            "rules file (see pattern-alerts/README.md); none uses the SPEC's rules, critical and highvolume");
    static final Setting<Long> EVENTS = ChapterRun.EVENTS.withDefault(300L);
    static final Setting<Double> RATE = ChapterRun.RATE.withDefault(20.0);
    static final Setting<Double> MALFORMED = ChapterRun.MALFORMED.withDefault(0.02);
    static final ChapterEventClock EVENT_CLOCK = ChapterEventClock.of("alert", AlertsDataset.DEFAULT_STEP,
            "1s: a 10 s window holds about 10 alerts", Duration.ofSeconds(30), "");
    static final Setting<RouteTrigger> ROUTE_TRIGGER = Setting.choice("route-trigger", RouteTrigger.class,
            RouteTrigger.CONTINUOUS, "trigger of the stateless rules (routes); threshold rules always use micro-batches");
    static final Setting<Duration> ROUTE_INTERVAL = Setting.duration("route-interval", Duration.ofSeconds(1),
            "continuous: checkpoint interval of the routes; micro-batch: their trigger interval (0s: back to back)");

    static final Setting<Duration> MAX_CLOCK_SKEW = Setting.duration("max-clock-skew", AlertColumns.DEFAULT_MAX_CLOCK_SKEW,
            "an alert stamped further ahead of the processing clock is a dead letter before it reaches a threshold "
                    + "rule's watermark (one from a clock years ahead would make every later alert too late)");
    static final Settings SETTINGS = new Settings("bin/run-example chapter3-alerts",
            "CSV alerts from Kafka: critical routing and windowed thresholds, one query per rule of a rules file "
                    + "(SPEC section 4); the output topics are printed as alerts arrive.\n"
                    + "'bin/benchmark critical-path --help': the latency measurement of the critical path.",
            ExampleSettings.with(TOPIC, DEAD_LETTER_TOPIC, RULES, EVENTS, RATE, EVENT_CLOCK.step(), EVENT_CLOCK.lateFraction(),
                    EVENT_CLOCK.lateness(),
                    MALFORMED, ChapterRun.SEED, ChapterRun.MODE, ROUTE_TRIGGER, ROUTE_INTERVAL, ChapterRun.TRIGGER, MAX_CLOCK_SKEW,
                    ChapterRun.ON_SINK_ERROR, ChapterRun.MAX_REFUSED_FRACTION, ChapterRun.STARTING_OFFSETS, ChapterRun.FOLLOW));

    /**
     * The chapter's options, typed, read once from its settings.
     *
     * @param rulesFile the rules file; empty: the SPEC's rules
     */
    record Options(ChapterOptions chapter, String topic, String deadLetterTopic, Optional<String> rulesFile,
                   Duration eventStep, double lateFraction, Duration lateness, AlertsJob.Options job) {
        static Options from(Config config) {
            ChapterOptions chapter = ChapterOptions.from(config);
            return new Options(chapter, config.get(TOPIC), config.get(DEAD_LETTER_TOPIC), config.get(RULES),
                    config.get(EVENT_CLOCK.step()), config.get(EVENT_CLOCK.lateFraction()), config.get(EVENT_CLOCK.lateness()),
                    new AlertsJob.Options(
                            config.get(ROUTE_TRIGGER), config.get(ROUTE_INTERVAL), chapter.trigger(),
                            config.get(MAX_CLOCK_SKEW), chapter.refusalPolicy()));
        }
    }

    private AlertsExample() {
    }

    public static void run(String[] args) throws Exception {
        ChapterRun.enter(SETTINGS, args, "chapter3-alerts", Options::from, AlertsExample::run);
    }

    private static void run(Options options) throws Exception {
        AlertRules rules = options.rulesFile().map(file -> AlertRules.load(Path.of(file))).orElseGet(AlertRules::defaults);
        LOG.info("rules: {}", rules.describe());
        // Everything the options make is made before the broker starts: a bad one stops the run first.
        AlertsDataset dataset = AlertsDataset.builder().step(options.eventStep())
                .lateEvents(options.lateFraction(), options.lateness()).build();
        try (KafkaConnection kafka = KafkaConnection.open(options.chapter())) {
            List<String> outputs = new ArrayList<>(new LinkedHashSet<>(rules.rules().stream().map(AlertRule::topic).toList()));
            outputs.add(options.deadLetterTopic());
            List<String> topics = new ArrayList<>(outputs);
            topics.add(options.topic());
            kafka.ensureTopics(1, topics.toArray(new String[0]));
            consume(options, rules, dataset, kafka, outputs);
        }
    }

    private static void consume(Options options, AlertRules rules, AlertsDataset dataset, KafkaConnection kafka,
                                List<String> outputs)
            throws Exception {
        ChapterOptions chapter = options.chapter();
        AlertsJob pipeline = new AlertsJob(rules, AlertColumns.decoder().withMode(chapter.mode()),
                kafka.bootstrapServers(), DeadLetterSink.toKafka(kafka.bootstrapServers(), options.deadLetterTopic()),
                options.job());
        KafkaSourceOptions source = chapter.source(kafka.bootstrapServers(), options.topic());
        LateAlerts late = new LateAlerts();
        Map<String, Long> refusedBefore = SinkRefusals.totals();
        int width = outputs.stream().mapToInt(String::length).max().orElse(0);
        try (TopicFollower view = TopicFollower.start(kafka.bootstrapServers(), outputs, record -> System.out.printf(
                "%-" + width + "s | %-4s | %s%n", record.topic(), TopicFollower.text(record.key()),
                TopicFollower.text(record.value())))) {
            // Throttled (the default), the alerts are sent while the queries run; unthrottled, all first.
            BackgroundGenerator generated = BackgroundGenerator.start(kafka.bootstrapServers(), dataset,
                    chapter.generator(options.topic()), chapter.events());
            List<StreamingQuery> queries = new ArrayList<>();
            ChapterRun.run(chapter, "chapter3-alerts", options.topic(), generated, job -> {
                late.beforeStart(job, rules.rules());
                queries.addAll(pipeline.start(job, KafkaSource.stream(source)));
            }, job -> late.afterRun(job, rules.rules(), queries));
            if (chapter.follow()) {
                return;
            }
            if (!view.awaitCaughtUp(kafka.bootstrapServers(), Duration.ofSeconds(30))) {
                LOG.warn("the console view did not catch up with the output topics within 30 s");
            }
            System.out.println(summary(options, rules, generated.report(), view, late, refusedSince(refusedBefore)));
        }
    }

    /** Per sink, the rows it sent to the dead letter since {@code before} was taken. */
    private static Map<String, Long> refusedSince(Map<String, Long> before) {
        Map<String, Long> since = new LinkedHashMap<>();
        SinkRefusals.totals().forEach((sink, rows) -> {
            long refused = rows - before.getOrDefault(sink, 0L);
            if (refused > 0) {
                since.put(sink, refused);
            }
        });
        return since;
    }

    private static String summary(Options options, AlertRules rules, GeneratorReport sent, TopicFollower view,
                                  LateAlerts late, Map<String, Long> refusedBySink) {
        // What the generator sent; the queries may have read more, what the topic held before.
        StringBuilder out = new StringBuilder(sent.validSent() == 0
                ? String.format(Locale.ROOT, "Done: no alerts generated (--events 0); the queries read what %s held.",
                        options.topic())
                : String.format(Locale.ROOT, "Done: %,d alerts generated (%,d of them late) and %,d malformed lines.",
                        sent.validSent(), MalformedInjection.countFor(sent.validSent(), options.lateFraction()),
                        sent.malformedSent()));
        for (AlertRule rule : rules.rules()) {
            out.append(String.format(Locale.ROOT, "%n  rule %s: %s -> %s", rule.name(), rule.pattern().describe(), rule.topic()));
            Long dropped = late.droppedBy(rule);
            if (rule.stateful() && dropped != null) {
                out.append(String.format(Locale.ROOT, "; %,d alerts dropped as too late (their window had closed)", dropped));
            }
        }
        for (String topic : new LinkedHashSet<>(rules.rules().stream().map(AlertRule::topic).toList())) {
            out.append(String.format(Locale.ROOT, "%n  %s: %,d records in the topic", topic, view.count(topic)));
        }
        out.append(String.format(Locale.ROOT, "%n  %s: %,d dead letters in the topic", options.deadLetterTopic(),
                view.count(options.deadLetterTopic())));
        refusedBySink.forEach((sink, rows) -> out.append(String.format(Locale.ROOT,
                "%n    of which this run's rows refused by sink %s: %,d", sink, rows)));
        return out.toString();
    }
}
