package dev.streampatterns.examples;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** A chapter run as a user runs it, {@code Examples <chapter> <options>}, in a JVM of its own. */
public final class ChapterProcess {
    private ChapterProcess() {
    }

    /**
     * Starts the chapter with the test JVM's class path and the JVM options Spark needs, its temporary
     * folder under {@code dir}, standard output and error into {@code log}.
     */
    public static Process start(Path dir, Path log, Map<String, String> environment, List<String> chapterArgs)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(sparkJvmOptions());
        command.add("-Djava.io.tmpdir=" + dir);
        // The chapters' own logging, as bin/run-example has it, not the tests' (log4j2-test.properties).
        command.add("-Dlog4j2.configurationFile=log4j2.properties");
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Examples.class.getName()));
        command.addAll(chapterArgs);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** The test JVM's own options that a JVM running Spark needs too: Spark's --add-opens list and the heap. */
    public static List<String> sparkJvmOptions() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Xmx") || a.startsWith("-XX:+Ignore")
                        || a.startsWith("-Djdk.reflect") || a.startsWith("-Dio.netty"))
                .collect(Collectors.toList());
    }

    /** How a chapter run ended: its exit code and everything it printed. */
    public record Finished(int exitCode, String output) {
    }

    /**
     * Runs the chapter in {@code dir} (its temporary folder {@code dir/tmp}, its log {@code dir/run.log})
     * until it ends by itself; fails when it does not end within {@code timeout}.
     */
    public static Finished run(Path dir, Map<String, String> environment, List<String> chapterArgs, Duration timeout)
            throws IOException, InterruptedException {
        Path log = dir.resolve("run.log");
        Files.createDirectories(dir.resolve("tmp"));
        Process run = start(dir.resolve("tmp"), log, environment, chapterArgs);
        try {
            if (!run.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the chapter did not end within " + timeout + "; log:\n" + tail(log, 40));
            }
        } finally {
            run.destroyForcibly();
        }
        return new Finished(run.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    /** {@link #run}, for a run that must succeed: returns what it printed, fails unless it exits with 0. */
    public static String runToEnd(Path dir, Map<String, String> environment, List<String> chapterArgs,
                                  Duration timeout) throws IOException, InterruptedException {
        Finished finished = run(dir, environment, chapterArgs, timeout);
        if (finished.exitCode() != 0) {
            throw new AssertionError("the chapter exited with " + finished.exitCode() + "; log:\n"
                    + tail(dir.resolve("run.log"), 40));
        }
        return finished.output();
    }

    /** The last {@code lines} lines of a run's log. */
    public static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
