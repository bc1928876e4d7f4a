package dev.streampatterns.benchmarks;

import dev.streampatterns.alerts.AlertColumns;
import dev.streampatterns.alerts.AlertsJob;
import dev.streampatterns.alerts.AlertRules;
import dev.streampatterns.core.job.CheckpointLocations;
import dev.streampatterns.core.config.Config;
import dev.streampatterns.core.config.Setting;
import dev.streampatterns.core.config.Settings;
import dev.streampatterns.core.job.StreamingJob;
import dev.streampatterns.core.source.KafkaSource;
import dev.streampatterns.core.source.KafkaSourceOptions;
import dev.streampatterns.examples.ChapterOptions;
import dev.streampatterns.examples.ChapterRun;
import dev.streampatterns.examples.ExampleSettings;
import dev.streampatterns.examples.KafkaConnection;
import dev.streampatterns.alerts.AlertsJob.RouteTrigger;
import dev.streampatterns.generators.AlertsDataset;
import dev.streampatterns.generators.Generator;
import dev.streampatterns.generators.GeneratorOptions;
import dev.streampatterns.generators.GeneratorReport;
import dev.streampatterns.generators.ProducerFactory;
import dev.streampatterns.servers.TopicFollower;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the event-to-topic latency of the critical path (the stateless route of CRITICAL alerts)
 * under each route trigger, at a steady rate: {@code bin/benchmark critical-path}. The micro-batch
 * trigger, the one every other query of the catalog runs, is the baseline the continuous one is read against.
 *
 * <p>For each trigger, on fresh topics: the route query of {@link AlertsJob} starts, the generator
 * sends alerts at {@code --rate} for {@code --duration}, and two latencies are taken per CRITICAL alert,
 * both from the Kafka timestamp of the input record (set by the generator's producer when it sends):
 * <ul>
 *   <li><b>to topic</b>: to the timestamp of the output record, set by Spark's producer when it sends;
 *   <li><b>to consumer</b>: to the moment a plain consumer of the output topic receives it.
 * </ul>
 * Alerts sent during the first {@code --warmup} are left out. Every clock is this JVM's.
 */
public final class CriticalPathLatency {
    private static final Logger LOG = LoggerFactory.getLogger(CriticalPathLatency.class);
    /** The first argument of {@code bin/benchmark} that runs this measurement. */
    static final String COMMAND = "critical-path";
    private static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\":\"([^\"]+)\"");

    static final Setting<Double> RATE = Setting.doubleValue("rate", 1000, 1, 1_000_000, "alerts per second sent");
    static final Setting<Duration> DURATION = Setting.duration("duration", Duration.ofSeconds(40),
            "how long each trigger is measured");
    static final Setting<Duration> WARMUP = Setting.duration("warmup", Duration.ofSeconds(15),
            "alerts sent during this first part of each run are not counted");
    static final Setting<String> TRIGGERS = Setting.validated("triggers", "micro-batch,continuous",
            CriticalPathLatency::validTriggers, "micro-batch, continuous, in any order, separated by commas",
            "the route triggers to measure, in this order");
    static final Setting<Duration> MICRO_BATCH_INTERVAL = Setting.duration("micro-batch-interval", Duration.ZERO,
            "trigger interval of the micro-batch run (0s: each batch starts when the previous one ends)");
    static final Setting<Duration> CONTINUOUS_INTERVAL = Setting.duration("continuous-interval", Duration.ofSeconds(1),
            "checkpoint interval of the continuous run");

    static final Settings SETTINGS = new Settings("bin/benchmark critical-path",
            "Event-to-topic latency of the critical path (a stateless route) under a micro-batch and a continuous "
                    + "trigger, at a steady rate of alerts.",
            ExampleSettings.with(RATE, DURATION, WARMUP, TRIGGERS, MICRO_BATCH_INTERVAL, CONTINUOUS_INTERVAL, ChapterRun.SEED));

    private CriticalPathLatency() {
    }

    /** The measurement's options, typed, read once from its settings. */
    record Options(ChapterOptions chapter, double rate, Duration duration, Duration warmup, List<RouteTrigger> triggers,
                   Duration microBatchInterval, Duration continuousInterval) {
        static Options from(Config config) {
            List<RouteTrigger> triggers = Arrays.stream(config.get(TRIGGERS).split(","))
                    .map(name -> RouteTrigger.valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'))).toList();
            return new Options(ChapterOptions.from(config), config.get(RATE), config.get(DURATION), config.get(WARMUP),
                    triggers, config.get(MICRO_BATCH_INTERVAL), config.get(CONTINUOUS_INTERVAL));
        }
    }

    static void run(String[] args) throws Exception {
        ChapterRun.enter(SETTINGS, args, "critical-path latency", Options::from, CriticalPathLatency::run);
    }

    private static void run(Options options) throws Exception {
        String loadBefore = loadAverage();
        List<String> lines = new ArrayList<>();
        try (KafkaConnection kafka = KafkaConnection.open(options.chapter())) {
            SparkSession spark = options.chapter().spark("chapter3-alerts-latency");
            try {
                for (RouteTrigger trigger : options.triggers()) {
                    lines.add(measure(options, kafka, spark, trigger));
                }
            } finally {
                spark.stop();
            }
        }
        System.out.printf(Locale.ROOT, "%nCritical path, event to topic, %,.0f alerts/s for %d s (first %d s not counted), "
                        + "master %s, %d cores; load average before: %s, after: %s%n",
                options.rate(), options.duration().toSeconds(), options.warmup().toSeconds(),
                options.chapter().master(), Runtime.getRuntime().availableProcessors(), loadBefore, loadAverage());
        System.out.println("| trigger | alerts | to topic p50 | p99 | max | to consumer p50 | p99 | max |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        lines.forEach(System.out::println);
    }

    private static String measure(Options options, KafkaConnection kafka, SparkSession spark, RouteTrigger trigger)
            throws Exception {
        String prefix = "alerts-latency." + label(trigger) + "." + System.currentTimeMillis();
        String input = prefix + ".input";
        String output = prefix + ".critical";
        kafka.ensureTopics(1, input, output);
        AlertRules route = AlertRules.parse("rule.critical.type = route\nrule.critical.topic = " + output + "\n",
                "latency rules");
        Duration interval = trigger == RouteTrigger.CONTINUOUS ? options.continuousInterval()
                : options.microBatchInterval();
        AlertsJob pipeline = new AlertsJob(route, AlertColumns.decoder(), kafka.bootstrapServers(), null,
                AlertsJob.Options.DEFAULTS.withRoutes(trigger, interval).withBatchInterval(interval));
        KafkaSourceOptions source = KafkaSourceOptions.builder().bootstrapServers(kafka.bootstrapServers())
                .topics(input).startingOffsets("earliest").build();

        Map<String, long[]> received = new ConcurrentHashMap<>();   // event time -> {received, output timestamp}
        Map<Long, Long> sent = new ConcurrentHashMap<>();            // input offset -> input timestamp
        AlertsDataset dataset = AlertsDataset.builder().step(Duration.ofMillis(1)).build();
        GeneratorReport report;
        try (StreamingJob job = StreamingJob.create(spark, CheckpointLocations.temporary(), null);
             TopicFollower outputs = TopicFollower.start(kafka.bootstrapServers(), List.of(output), record -> {
                 long now = System.currentTimeMillis();
                 Matcher m = TIMESTAMP.matcher(TopicFollower.text(record.value()));
                 if (m.find()) {
                     received.put(m.group(1), new long[] {now, record.timestamp()});
                 }
             });
             TopicFollower inputs = TopicFollower.start(kafka.bootstrapServers(), List.of(input),
                     record -> sent.put(record.offset(), record.timestamp()))) {
            pipeline.start(job, KafkaSource.stream(source));
            LOG.info("{}: route query started; sending {} alerts/s for {}", trigger, options.rate(), options.duration());
            try (KafkaProducer<byte[], byte[]> producer = ProducerFactory.create(kafka.bootstrapServers(), Map.of())) {
                report = new Generator(producer, dataset, GeneratorOptions.builder().topic(input).seed(options.chapter().seed())
                        .eventsPerSecond(options.rate()).maxDuration(options.duration()).build()).run();
            }
            long critical = dataset.alerts(options.chapter().seed(), report.validSent()).stream()
                    .filter(a -> a.level().equals("CRITICAL")).count();
            if (!inputs.awaitCaughtUp(kafka.bootstrapServers(), Duration.ofSeconds(60))
                    || !awaitCount(received, critical, Duration.ofSeconds(120))) {
                throw new IllegalStateException(trigger + ": " + received.size() + " of " + critical
                        + " critical alerts arrived in time");
            }
        }
        return row(trigger, dataset, options, sent, received);
    }

    private static String row(RouteTrigger trigger, AlertsDataset dataset, Options options, Map<Long, Long> sent,
                              Map<String, long[]> received) {
        long firstSent = sent.get(0L);
        long counted = firstSent + options.warmup().toMillis();
        List<Long> toTopic = new ArrayList<>();
        List<Long> toConsumer = new ArrayList<>();
        received.forEach((eventTime, times) -> {
            long offset = Duration.between(dataset.start(), Instant.parse(eventTime)).toMillis();   // 1 ms per alert
            long sentAt = sent.get(offset);
            if (sentAt >= counted) {
                toTopic.add(times[1] - sentAt);
                toConsumer.add(times[0] - sentAt);
            }
        });
        return String.format(Locale.ROOT, "| %s | %,d | %s | %s |", label(trigger),
                toTopic.size(), percentiles(toTopic), percentiles(toConsumer));
    }

    private static String label(RouteTrigger trigger) {
        return trigger.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** p50 | p99 | max, in ms. */
    static String percentiles(List<Long> millis) {
        long[] sorted = millis.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length == 0) {
            return "- | - | -";
        }
        return String.format(Locale.ROOT, "%d ms | %d ms | %d ms", percentile(sorted, 50), percentile(sorted, 99),
                sorted[sorted.length - 1]);
    }

    /** The nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static boolean awaitCount(Map<String, long[]> received, long expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received.size() < expected && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        return received.size() >= expected;
    }

    private static boolean validTriggers(String raw) {
        return Arrays.stream(raw.split(",")).map(s -> s.trim().toLowerCase(Locale.ROOT))
                .allMatch(s -> s.equals("micro-batch") || s.equals("continuous"));
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
