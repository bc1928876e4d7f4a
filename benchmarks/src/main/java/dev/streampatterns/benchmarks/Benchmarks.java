package dev.streampatterns.benchmarks;

import dev.streampatterns.core.config.ConfigException;
import dev.streampatterns.core.config.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * {@code bin/benchmark [--scenarios a,b] [--events N] [--output FILE.md|.csv]}: runs the named
 * scenarios on an in-process Kafka broker and local Spark, each variant beside a baseline measured in
 * the same run (the machines are shared; only a ratio measured side by side means much), and prints
 * one table: scenario, events, seconds, events/s, latency percentiles where they apply, peak heap,
 * ratio to the baseline, and the load average when the figure was taken.
 */
public final class Benchmarks {
    private Benchmarks() {
    }

    public static void main(String[] args) {
        System.exit(command(args));
    }

    /** What {@code bin/benchmark} does; the exit code: 0 done, 1 a scenario failed, 2 a bad option. */
    static int command(String[] args) {
        if (args.length > 0 && args[0].equals(CriticalPathLatency.COMMAND)) {
            return criticalPath(Arrays.copyOfRange(args, 1, args.length));
        }
        if (Settings.wantsHelp(args)) {
            System.out.print(BenchmarkOptions.SETTINGS.help() + "\nScenarios:\n");
            Scenarios.NAMES.forEach(name -> System.out.printf("  %-13s %s%n", name, Scenarios.get(name).description()));
            System.out.printf("%n'bin/benchmark %s --help': the alerts' critical path (a stateless route), event to "
                    + "topic, under a micro-batch and a continuous trigger%n", CriticalPathLatency.COMMAND);
            return 0;
        }
        BenchmarkOptions options;
        try {
            options = BenchmarkOptions.load(args, System.getenv());
        } catch (ConfigException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        try {
            ResultTable table = run(options, line -> System.err.println("[benchmark] " + line));
            System.out.print(table.text());
            if (options.output().isPresent()) {
                write(options.output().get(), table, options);
                System.err.println("[benchmark] table written to " + options.output().get());
            }
            return 0;
        } catch (Exception e) {
            System.err.println("benchmark failed: " + e);
            e.printStackTrace(System.err);
            return 1;
        }
    }

    /** {@code bin/benchmark critical-path}: its own options and table, the same exit codes. */
    private static int criticalPath(String[] args) {
        try {
            CriticalPathLatency.run(args);
            return 0;
        } catch (ConfigException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            System.err.println("benchmark failed: " + e);
            e.printStackTrace(System.err);
            return 1;
        }
    }

    /** Runs the scenarios of {@code options} in order and gives their rows. */
    public static ResultTable run(BenchmarkOptions options, Consumer<String> log) throws Exception {
        log.accept(machine(options));
        List<ResultRow> rows = new ArrayList<>();
        try (BenchmarkContext context = new BenchmarkContext(options, log)) {
            for (String name : options.scenarios()) {
                Scenarios.Entry scenario = Scenarios.get(name);
                log.accept("scenario " + name + ": " + scenario.description());
                rows.addAll(scenario.factory().get().run(context));
            }
        }
        return new ResultTable(rows);
    }

    static String machine(BenchmarkOptions options) {
        return String.format(Locale.ROOT, "%d cores, max heap %,d MiB, load average %.2f, Java %s; %,d events, "
                        + "%d warm-up + %d measured runs per variant, %d partitions, Spark %s",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / (1024 * 1024),
                BenchmarkContext.loadAverage(), System.getProperty("java.version"), options.events(), options.warmup(),
                options.repeat(), options.partitions(), options.master());
    }

    static void write(Path file, ResultTable table, BenchmarkOptions options) throws IOException {
        String text = file.toString().endsWith(".csv") ? table.csv()
                : "Run " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ": " + machine(options) + ".\n\n" + table.markdown();
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
