package dev.streampatterns.benchmarks;

import dev.streampatterns.core.config.Config;
import dev.streampatterns.core.config.ConfigException;
import dev.streampatterns.core.config.Setting;
import dev.streampatterns.core.config.Settings;
import dev.streampatterns.generators.GeneratorOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one benchmark run measures, typed and validated at start: the scenarios, the input size, how
 * often each figure is repeated, and the latency run's rate and length. Every option has a default,
 * a properties-file key and an environment variable ({@code SSP_<OPTION>}), as for the examples.
 *
 * @param scenarios        names of the scenarios to run, in the order of {@link Scenarios#NAMES}
 * @param events           events per throughput run (the user-events topic, the decoders' input, the producer run)
 * @param warmup           runs of each variant before the measured ones, discarded
 * @param repeat           measured runs of each variant; the table shows their median
 * @param partitions       partitions of the benchmark topics, and Spark tasks reading them
 * @param users            distinct users of the generated events
 * @param seed             seed of the generated events
 * @param decoder          which {@code ProtobufDecoder} the user-events pipeline runs with
 * @param latencyRate      events per second the latency run sends
 * @param latencyDuration  how long the latency run sends
 * @param latencyTrigger   micro-batch interval of the latency run (0: the next batch starts as soon as one ends)
 * @param master           Spark master
 * @param output           where the table is also written ({@code .md} or {@code .csv}), if anywhere
 */
public record BenchmarkOptions(List<String> scenarios, long events, int warmup, int repeat, int partitions, int users,
                               long seed, DecoderKind decoder, double latencyRate, Duration latencyDuration,
                               Duration latencyTrigger, String master, Optional<Path> output) {

    /** The two ways a {@code ProtobufDecoder} is made. */
    public enum DecoderKind { DESCRIPTOR, GENERATED_CLASS }

    static final Setting<String> SCENARIOS = Setting.validated("scenarios", String.join(",", Scenarios.NAMES),
            BenchmarkOptions::knownScenarios, "a comma-separated list of " + String.join(", ", Scenarios.NAMES),
            "the scenarios to run");
    static final Setting<Long> EVENTS = Setting.longValue("events", 1_000_000, 1_000, 100_000_000,
            "events per throughput run (pipeline, decoders, cached-batch, producer)");
    static final Setting<Integer> WARMUP = Setting.intValue("warmup", 2, 0, 100,
            "runs of each variant before the measured ones (discarded: class loading, JIT, Spark's code generation;"
                    + " after one, the JIT is still compiling Spark's planner); the latency scenario sends 30 s per run)");
    static final Setting<Integer> REPEAT = Setting.intValue("repeat", 3, 1, 100,
            "measured runs of each variant, interleaved with the baseline's; the table shows the median");
    static final Setting<Integer> PARTITIONS = Setting.intValue("partitions", Runtime.getRuntime().availableProcessors(),
            1, 1024, "partitions of the benchmark topics (default: one per core, so every core reads and decodes)");
    static final Setting<Integer> USERS = Setting.intValue("users", 1_000, 1, 1_000_000, "distinct users user1..userN");
    static final Setting<Long> SEED = Setting.longValue("seed", GeneratorOptions.DEFAULT_SEED, Long.MIN_VALUE,
            Long.MAX_VALUE, "seed of the generated events");
    static final Setting<DecoderKind> DECODER = Setting.choice("decoder", DecoderKind.class, DecoderKind.DESCRIPTOR,
            "the ProtobufDecoder of the user-events pipeline: by descriptor set (as the example runs) or by generated class");
    static final Setting<Double> LATENCY_RATE = Setting.doubleValue("latency-rate", 10_000, 1, 10_000_000,
            "events per second sent during the latency run");
    static final Setting<Duration> LATENCY_DURATION = Setting.duration("latency-duration", Duration.ofSeconds(60),
            "how long the latency run sends");
    static final Setting<Duration> LATENCY_TRIGGER = Setting.duration("latency-trigger", Duration.ZERO,
            "micro-batch interval of the latency run (0ms: each batch starts as soon as the previous one ends)");
    static final Setting<String> MASTER = Setting.string("master", "local[*]", "Spark master URL");
    static final Setting<String> OUTPUT = Setting.validated("output", "",
            value -> value.isEmpty() || value.endsWith(".md") || value.endsWith(".csv"), "a file name ending in .md or .csv",
            "also write the table to this file, as Markdown or CSV by its extension");

    static final Settings SETTINGS = new Settings("bin/benchmark",
            "Runs the named benchmark scenarios on an in-process Kafka broker and local Spark (the cluster scenario also on "
                    + "a standalone cluster on 127.0.0.1), each beside a baseline "
                    + "measured in the same run, and prints the table (docs/BENCHMARKS.md).",
            SCENARIOS, EVENTS, WARMUP, REPEAT, PARTITIONS, USERS, SEED, DECODER, LATENCY_RATE, LATENCY_DURATION,
            LATENCY_TRIGGER, MASTER, OUTPUT);

    /** Loads the options: defaults < properties file < environment < command line. */
    public static BenchmarkOptions load(String[] args, Map<String, String> environment) {
        return from(SETTINGS.load(args, environment));
    }

    static BenchmarkOptions from(Config config) {
        List<String> names = Arrays.stream(config.get(SCENARIOS).split(",")).map(String::trim).toList();
        Duration latency = config.get(LATENCY_DURATION);
        if (latency.isZero() || latency.isNegative()) {
            throw new ConfigException("--latency-duration: must be positive, was " + latency);
        }
        String output = config.get(OUTPUT);
        return new BenchmarkOptions(Scenarios.NAMES.stream().filter(names::contains).toList(), config.get(EVENTS),
                config.get(WARMUP), config.get(REPEAT), config.get(PARTITIONS), config.get(USERS), config.get(SEED),
                config.get(DECODER), config.get(LATENCY_RATE), latency, config.get(LATENCY_TRIGGER), config.get(MASTER),
                output.isEmpty() ? Optional.empty() : Optional.of(Path.of(output)));
    }

    private static boolean knownScenarios(String value) {
        List<String> names = Arrays.stream(value.split(",")).map(String::trim).toList();
        return !names.isEmpty() && Scenarios.NAMES.containsAll(names);
    }
}
