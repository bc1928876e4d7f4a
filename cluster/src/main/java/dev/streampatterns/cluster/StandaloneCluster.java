package dev.streampatterns.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spark standalone cluster on 127.0.0.1: one master and {@code workers} workers, each a JVM of its
 * own started from Spark's jars ({@link SparkHome}), with bounded cores and memory for a small machine.
 * Everything lives in one folder: {@code spark-home/}, each process's log and process id, and each
 * worker's work folder (its executors' logs). The processes outlive the JVM that started them, so
 * {@code bin/cluster start} can return; {@link #attach} finds them again by their recorded process ids,
 * and {@link #stop} stops exactly those.
 *
 * <p>Every server listens on 127.0.0.1: the master and workers are given {@code --host 127.0.0.1}, and
 * their web UIs bind to {@code SPARK_LOCAL_IP}, set to 127.0.0.1 (Spark's UIs otherwise listen on every
 * interface).
 */
public final class StandaloneCluster implements AutoCloseable {
    public static final String HOST = "127.0.0.1";
    private static final Pattern MASTER_URL = Pattern.compile("Starting Spark master at (spark://127\\.0\\.0\\.1:\\d+)");
    private static final Pattern MASTER_UI = Pattern.compile("MasterWebUI.*started at (http://[^\\s]+)");
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    /**
     * The cluster's shape.
     *
     * @param workers        worker JVMs
     * @param coresPerWorker cores each worker offers
     * @param memoryPerWorker memory each worker offers, e.g. {@code 1g} (an executor takes 1g by default)
     * @param masterPort     the master's port (0: any free port)
     */
    public record Shape(int workers, int coresPerWorker, String memoryPerWorker, int masterPort) {
        public Shape {
            if (workers < 1 || coresPerWorker < 1) {
                throw new IllegalArgumentException("at least one worker with at least one core: " + workers + " x "
                        + coresPerWorker);
            }
            if (masterPort < 0 || masterPort > 65_535) {
                throw new IllegalArgumentException("a port from 0 (any free port) to 65535: " + masterPort);
            }
        }
    }

    private final Path dir;
    private final String masterUrl;

    private StandaloneCluster(Path dir, String masterUrl) {
        this.dir = dir;
        this.masterUrl = masterUrl;
    }

    /** Starts a master and the workers of {@code shape} in {@code dir}; returns once every worker has registered. */
    public static StandaloneCluster start(Path dir, List<Path> sparkJars, Shape shape) throws IOException {
        Files.createDirectories(dir);
        Path home = SparkHome.create(dir.resolve("spark-home"), sparkJars);
        Files.writeString(dir.resolve("workers"), String.valueOf(shape.workers()));
        long master = launch(dir, home, "master", List.of("org.apache.spark.deploy.master.Master", "--host", HOST,
                "--port", String.valueOf(shape.masterPort()), "--webui-port", "0"));
        StandaloneCluster cluster;
        try {
            String url = awaitLine(dir.resolve("master.log"), MASTER_URL, master, "the master's address");
            cluster = new StandaloneCluster(dir, url);
            for (int i = 1; i <= shape.workers(); i++) {
                Path work = dir.resolve("work-" + i);
                Files.createDirectories(work);
                launch(dir, home, "worker-" + i, List.of("org.apache.spark.deploy.worker.Worker", "--host", HOST,
                        "--cores", String.valueOf(shape.coresPerWorker()), "--memory", shape.memoryPerWorker(),
                        "--webui-port", "0", "--work-dir", work.toString(), url));
            }
            for (int i = 1; i <= shape.workers(); i++) {
                awaitLine(dir.resolve("worker-" + i + ".log"), Pattern.compile("Successfully registered with master"),
                        pidOf(dir, "worker-" + i).orElseThrow(), "worker " + i + " to register");
            }
        } catch (RuntimeException | IOException e) {
            stopIn(dir);
            throw e;
        }
        return cluster;
    }

    /** The cluster started in {@code dir} whose master still runs, if any. */
    public static Optional<StandaloneCluster> attach(Path dir) throws IOException {
        Optional<Long> master = pidOf(dir, "master");
        if (master.isEmpty() || !ProcessHandle.of(master.get()).map(ProcessHandle::isAlive).orElse(false)) {
            return Optional.empty();
        }
        Matcher url = MASTER_URL.matcher(Files.readString(dir.resolve("master.log")));
        return url.find() ? Optional.of(new StandaloneCluster(dir, url.group(1))) : Optional.empty();
    }

    /** {@code spark://127.0.0.1:<port>}. */
    public String masterUrl() {
        return masterUrl;
    }

    /** The master's web UI address, from its log. */
    public Optional<String> masterUi() throws IOException {
        Matcher ui = MASTER_UI.matcher(Files.readString(dir.resolve("master.log")));
        // Spark names the host "localhost" in that line; the UI is bound to 127.0.0.1 (SPARK_LOCAL_IP).
        return ui.find() ? Optional.of(ui.group(1).replace("//localhost:", "//" + HOST + ":")) : Optional.empty();
    }

    /** The workers' processes that still run, by worker number from 1. */
    public Map<Integer, ProcessHandle> workers() throws IOException {
        Map<Integer, ProcessHandle> alive = new java.util.TreeMap<>();
        for (int i = 1; i <= workerCount(dir); i++) {
            int number = i;
            pidOf(dir, "worker-" + i).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive)
                    .ifPresent(process -> alive.put(number, process));
        }
        return alive;
    }

    /** The executor JVMs the workers run now (Spark's {@code CoarseGrainedExecutorBackend}). */
    public List<ProcessHandle> executors() throws IOException {
        List<ProcessHandle> executors = new ArrayList<>();
        for (ProcessHandle worker : workers().values()) {
            worker.descendants().filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
                    .forEach(executors::add);
        }
        return executors;
    }

    /** The folder of worker {@code number}'s executors: {@code app-<id>/<executor>/stderr} for each. */
    public Path workDir(int number) {
        return dir.resolve("work-" + number);
    }

    /** Kills worker {@code number} and its executors with SIGKILL, as a machine that fails. */
    public void killWorker(int number) throws IOException {
        ProcessHandle worker = pidOf(dir, "worker-" + number).flatMap(ProcessHandle::of)
                .orElseThrow(() -> new IllegalStateException("no worker " + number));
        List<ProcessHandle> children = worker.descendants().toList();
        worker.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        worker.onExit().orTimeout(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** Stops the workers (and their executors), then the master, by their recorded process ids. */
    public void stop() throws IOException {
        stopIn(dir);
    }

    /** {@link #stop} for the cluster recorded in {@code dir}, whether its master still runs or not. */
    public static void stopIn(Path dir) throws IOException {
        List<ProcessHandle> stopping = new ArrayList<>();
        int workers = workerCount(dir);
        for (int i = workers; i >= 1; i--) {
            pidOf(dir, "worker-" + i).flatMap(ProcessHandle::of).ifPresent(worker -> {
                stopping.addAll(worker.descendants().toList());
                stopping.add(worker);
            });
        }
        pidOf(dir, "master").flatMap(ProcessHandle::of).ifPresent(stopping::add);
        stopping.forEach(ProcessHandle::destroy);
        for (ProcessHandle process : stopping) {
            try {
                process.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                process.destroyForcibly();
            }
        }
        Files.deleteIfExists(dir.resolve("master.pid"));
        for (int i = 1; i <= workers; i++) {
            Files.deleteIfExists(dir.resolve("worker-" + i + ".pid"));
        }
    }

    @Override
    public void close() throws IOException {
        stop();
    }

    /** The workers the cluster in {@code dir} was started with; 0 when none was. */
    private static int workerCount(Path dir) throws IOException {
        Path file = dir.resolve("workers");
        return Files.exists(file) ? Integer.parseInt(Files.readString(file).trim()) : 0;
    }

    /** Starts one of Spark's daemons in its own JVM, its output to {@code <name>.log}, its id to {@code <name>.pid}. */
    private static long launch(Path dir, Path home, String name, List<String> mainAndArgs) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", home.resolve("jars") + "/*"));
        command.addAll(mainAndArgs);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        builder.environment().put("SPARK_HOME", home.toString());
        // The launcher that builds an executor's class path needs it when SPARK_HOME is not a distribution.
        builder.environment().put("SPARK_SCALA_VERSION", "2.13");
        builder.environment().put("SPARK_LOCAL_IP", HOST);
        Process process = builder.start();
        Files.writeString(dir.resolve(name + ".pid"), String.valueOf(process.pid()));
        return process.pid();
    }

    private static Optional<Long> pidOf(Path dir, String name) throws IOException {
        Path file = dir.resolve(name + ".pid");
        return Files.exists(file) ? Optional.of(Long.parseLong(Files.readString(file).trim())) : Optional.empty();
    }

    /** Waits until {@code log} has a line matching {@code pattern}; fails at once if the process ended first. */
    private static String awaitLine(Path log, Pattern pattern, long pid, String what) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            Matcher matcher = pattern.matcher(text);
            if (matcher.find()) {
                return matcher.groupCount() > 0 ? matcher.group(1) : matcher.group();
            }
            if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                throw new IllegalStateException("waiting for " + what + ", the process ended; " + log + ":\n" + tail(text));
            }
            try {
                Thread.sleep(100);   // polling a log file: there is no event to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + what, e);
            }
        }
        throw new IllegalStateException("no " + what + " within " + START_TIMEOUT + "; " + log + ":\n"
                + tail(Files.readString(log, StandardCharsets.UTF_8)));
    }

    private static String tail(String text) {
        String[] lines = text.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 20), lines.length));
    }
}
