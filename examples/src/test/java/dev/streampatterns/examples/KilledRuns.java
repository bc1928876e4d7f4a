package dev.streampatterns.examples;

import dev.streampatterns.servers.Await;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One chapter run again and again on one checkpoint, each run in a JVM of its own ({@link ChapterProcess})
 * killed with SIGKILL — no shutdown hook, no clean stop — once a measure of its progress reaches a mark,
 * then a last run left to end by itself: what a crash test of an exactly-once job needs. Run {@code n}
 * logs to {@code run-n.log} in the folder; {@link #close()} kills whatever a failed test left running.
 */
public final class KilledRuns implements AutoCloseable {
    /** The chapter's arguments for run {@code run} (1, 2, ...): with {@code follow}, it keeps reading until killed. */
    @FunctionalInterface
    public interface Arguments {
        List<String> of(int run, boolean follow);
    }

    private final Path dir;
    private final Map<String, String> environment;
    private final Arguments arguments;
    private final List<Process> started = new ArrayList<>();
    private int runs;

    public KilledRuns(Path dir, Map<String, String> environment, Arguments arguments) {
        this.dir = dir;
        this.environment = Map.copyOf(environment);
        this.arguments = arguments;
    }

    /**
     * Starts a run that follows its topic and kills it once {@code progress} reaches {@code mark}.
     *
     * @throws AssertionError naming {@code what} and showing the run's log when it ends by itself first
     *                        or does not get there within {@code timeout}
     */
    public void killAt(long mark, LongSupplier progress, String what, Duration timeout) throws IOException,
            InterruptedException {
        int run = ++runs;
        Process job = start(run, true);
        try {
            Await.until(timeout, what + " to reach " + mark + " (run " + run + ")", () -> {
                if (!job.isAlive()) {
                    throw new AssertionError("run " + run + " ended by itself (exit " + job.exitValue() + "): " + log(run));
                }
                return progress.getAsLong() >= mark;
            });
        } catch (AssertionError e) {
            job.destroyForcibly();
            throw new AssertionError(e.getMessage() + "; " + what + ": " + progress.getAsLong() + "; log of the run:\n"
                    + log(run), e);
        }
        job.destroyForcibly();
        if (!job.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("run " + run + " did not die within 30 s of SIGKILL");
        }
    }

    /** Starts the last run, which stops once it has read everything, and fails unless it ends with exit code 0. */
    public void runToEnd(Duration timeout) throws IOException, InterruptedException {
        int run = ++runs;
        Process last = start(run, false);
        if (!last.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the last run did not end within " + timeout + "; log:\n" + log(run));
        }
        if (last.exitValue() != 0) {
            throw new AssertionError("the last run exited with " + last.exitValue() + "; log:\n" + log(run));
        }
    }

    /** The last 40 lines of run {@code run}'s log. */
    public String log(int run) {
        return ChapterProcess.tail(dir.resolve("run-" + run + ".log"), 40);
    }

    private Process start(int run, boolean follow) throws IOException {
        Process process = ChapterProcess.start(dir, dir.resolve("run-" + run + ".log"), environment,
                arguments.of(run, follow));
        started.add(process);
        return process;
    }

    /** Kills every run still alive: a failed assertion must not leave a job running in the background. */
    @Override
    public void close() {
        started.forEach(Process::destroyForcibly);
    }
}
