package dev.streampatterns.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampatterns.examples.ChapterProcess;
import dev.streampatterns.servers.EmbeddedKafkaBroker;
import dev.streampatterns.servers.TopicRecords;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chapters unchanged on a Spark standalone cluster of a master and two workers on 127.0.0.1, each
 * a JVM of its own started from Spark's jars only: the chapter (the driver) ships the application jar,
 * its tasks run in executor JVMs the workers start, and the output is exactly the output of
 * {@code local[2]}. A worker killed mid-run loses nothing: its tasks run again on the other.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaptersOnAClusterTest {
    private static final Pattern EXECUTOR_PID = Pattern.compile("Started daemon with process name: (\\d+)@");
    /** A log line (the chapters log at second precision, the libraries at millisecond precision). */
    private static final Pattern LOG_LINE = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d(\\.\\d{3})? +(TRACE|DEBUG|INFO|WARN|ERROR) .*");
    /** A log line in Spark's own format, as spark-submit's driver logs without the chapters' configuration. */
    private static final Pattern SUBMIT_LOG_LINE = Pattern.compile("^\\d\\d/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d (TRACE|DEBUG|INFO|WARN|ERROR) .*");
    private static final Path APP_JAR = Path.of(System.getProperty("ssp.app.jar"));

    @TempDir
    static Path clusterDir;
    private static StandaloneCluster cluster;

    @BeforeAll
    static void startCluster() throws IOException {
        assertThat(APP_JAR).as("the application jar, built by the examples module (mvn install)").isRegularFile();
        cluster = StandaloneCluster.start(clusterDir, SparkHome.readClassPath(Path.of(System.getProperty("ssp.spark.jars"))),
                new StandaloneCluster.Shape(2, 1, "1g", 0));
    }

    @AfterAll
    static void stopCluster() throws IOException {
        if (cluster != null) {
            cluster.stop();
        }
        assertThat(cluster.workers()).isEmpty();
    }

    @Test
    @Order(1)
    void userEventsPrintTheSameReportOnTheClusterAsOnLocalAndTheirTasksRunInExecutorJvms(@TempDir Path dir)
            throws Exception {
        List<String> chapter = List.of("user-events", "--events", "2000", "--seed", "17", "--rate", "0");
        String local;
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
            local = ChapterProcess.runToEnd(dir.resolve("local"), Map.of(), with(chapter, "--master", "local[2]",
                    "--bootstrap-servers", kafka.bootstrapServers()), Duration.ofMinutes(3));
        }
        Process driver;
        String onCluster;
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
            Path run = dir.resolve("cluster");
            Files.createDirectories(run.resolve("tmp"));
            driver = ChapterProcess.start(run.resolve("tmp"), run.resolve("run.log"), Map.of("SSP_APP_JAR", APP_JAR.toString()),
                    with(chapter, "--master", cluster.masterUrl(), "--bootstrap-servers", kafka.bootstrapServers()));
            assertThat(driver.waitFor(4, TimeUnit.MINUTES)).as(ChapterProcess.tail(run.resolve("run.log"), 40)).isTrue();
            onCluster = Files.readString(run.resolve("run.log"));
            assertThat(driver.exitValue()).as(ChapterProcess.tail(run.resolve("run.log"), 40)).isZero();
        }

        assertThat(report(onCluster)).anySatisfy(line -> assertThat(line).startsWith("Done: 2,000 events in 1 batch(es)"))
                .isEqualTo(report(local));
        List<String> executorLogs = executorLogs();
        assertThat(executorLogs).as("an executor log per worker").hasSizeGreaterThanOrEqualTo(2);
        long tasksRun = 0;
        for (String log : executorLogs) {
            Matcher pid = EXECUTOR_PID.matcher(log);
            assertThat(pid.find()).isTrue();
            assertThat(Long.parseLong(pid.group(1))).as("an executor is a JVM of its own").isNotEqualTo(driver.pid())
                    .isNotEqualTo(ProcessHandle.current().pid());
            tasksRun += log.lines().filter(line -> line.contains("Finished task")).count();
        }
        assertThat(tasksRun).as("tasks finished in the executors").isPositive();
    }

    @Test
    @Order(2)
    void sparkSubmitRunsAChapterFromTheApplicationJarAlone(@TempDir Path dir) throws Exception {
        List<String> chapter = List.of("user-events", "--events", "300", "--seed", "29");
        String local;
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
            local = ChapterProcess.runToEnd(dir.resolve("local"), Map.of(), with(chapter, "--master", "local[2]",
                    "--bootstrap-servers", kafka.bootstrapServers()), Duration.ofMinutes(3));
        }
        // spark-submit is SparkSubmit's main on Spark's jars: the driver has Spark and the application jar, nothing else.
        Path home = clusterDir.resolve("spark-home");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ChapterProcess.sparkJvmOptions());
        String submitted;
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
            command.addAll(List.of("-cp", home.resolve("jars") + "/*", "org.apache.spark.deploy.SparkSubmit",
                    "--class", "dev.streampatterns.examples.Examples", "--master", cluster.masterUrl(), APP_JAR.toString()));
            command.addAll(with(chapter, "--bootstrap-servers", kafka.bootstrapServers()));
            Path log = dir.resolve("submit.log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(Map.of("SPARK_HOME", home.toString(), "SPARK_SCALA_VERSION", "2.13",
                    "SPARK_LOCAL_IP", StandaloneCluster.HOST));
            Process submit = builder.start();
            assertThat(submit.waitFor(4, TimeUnit.MINUTES)).as(ChapterProcess.tail(log, 40)).isTrue();
            assertThat(submit.exitValue()).as(ChapterProcess.tail(log, 40)).isZero();
            submitted = Files.readString(log);
        }

        assertThat(submitted).contains("Connecting to master " + cluster.masterUrl());
        assertThat(batchReport(submitted)).isNotEmpty().isEqualTo(batchReport(local));
    }

    @Test
    @Order(3)   // last: it kills a worker
    void theAlertsThresholdsOnTheClusterWithAWorkerKilledMidRunPublishWhatLocalPublishes(@TempDir Path dir)
            throws Exception {
        List<String> chapter = List.of("chapter3-alerts", "--events", "400", "--rate", "40", "--seed", "23",
                "--late-fraction", "0", "--route-trigger", "MICRO_BATCH", "--trigger", "1s");
        Set<String> local;
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
            ChapterProcess.runToEnd(dir.resolve("local"), Map.of(), with(chapter, "--master", "local[2]",
                    "--bootstrap-servers", kafka.bootstrapServers()), Duration.ofMinutes(3));
            local = published(kafka);
        }
        Set<String> onCluster;
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
            Path run = dir.resolve("cluster");
            Path log = run.resolve("run.log");
            Files.createDirectories(run.resolve("tmp"));
            Process driver = ChapterProcess.start(run.resolve("tmp"), log, Map.of("SSP_APP_JAR", APP_JAR.toString()),
                    with(chapter, "--master", cluster.masterUrl(), "--bootstrap-servers", kafka.bootstrapServers()));
            dev.streampatterns.servers.Await.until(Duration.ofMinutes(2), "three batches of the thresholds on the cluster",
                    () -> batchesDone(log) >= 3 || !driver.isAlive());
            assertThat(driver.isAlive()).as(ChapterProcess.tail(log, 40)).isTrue();
            assertThat(cluster.executors()).as("both workers run an executor").hasSize(2);
            cluster.killWorker(1);
            long batchesAtKill = batchesDone(log);
            assertThat(cluster.workers()).containsOnlyKeys(2);
            assertThat(driver.waitFor(4, TimeUnit.MINUTES)).as(ChapterProcess.tail(log, 40)).isTrue();
            assertThat(driver.exitValue()).as(ChapterProcess.tail(log, 40)).isZero();
            assertThat(batchesDone(log)).as("batches after the kill, on the other worker").isGreaterThan(batchesAtKill);
            assertThat(Files.readString(log)).as("the driver saw the executor go").containsPattern("Lost executor \\d+|"
                    + "Executor lost|executor \\d+ .*(lost|removed)|Removing executor");
            onCluster = published(kafka);
        }

        assertThat(local).as("windows above the threshold and critical alerts").hasSizeGreaterThan(10);
        assertThat(onCluster).isEqualTo(local);
    }

    private static List<String> with(List<String> chapter, String... more) {
        List<String> args = new ArrayList<>(chapter);
        args.addAll(List.of(more));
        return args;
    }

    /** What a user reads: the chapter's output without the log lines (times, progress) that differ between runs. */
    private static List<String> report(String output) {
        return output.lines().filter(line -> !LOG_LINE.matcher(line).matches()).toList();
    }

    /** The chapter's report, from its first batch to its closing line, without log lines of either format. */
    private static List<String> batchReport(String output) {
        List<String> lines = output.lines().dropWhile(line -> !line.startsWith("================ BATCH")).toList();
        List<String> report = new ArrayList<>();
        for (String line : lines) {
            if (LOG_LINE.matcher(line).matches() || SUBMIT_LOG_LINE.matcher(line).matches() || line.startsWith("\t")) {
                continue;
            }
            report.add(line);
            if (line.startsWith("Done: ")) {
                break;
            }
        }
        return report;
    }

    private static long batchesDone(Path log) {
        try {
            return Files.readString(log).lines().filter(line -> line.contains("ProgressReporter") && line.contains(" batch ")
                    && line.contains("rows")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    /** The records of the alerts' output topics, as {@code topic|key|value}. */
    private static Set<String> published(EmbeddedKafkaBroker kafka) {
        Set<String> records = new TreeSet<>();
        for (String topic : List.of("streaming.alerts.critical", "streaming.alerts.highvolume")) {
            TopicRecords.read(kafka.bootstrapServers(), topic, Integer.MAX_VALUE, Duration.ofSeconds(5)).forEach(record ->
                    records.add(topic + "|" + (record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8))
                            + "|" + new String(record.value(), StandardCharsets.UTF_8)));
        }
        return records;
    }

    /** Every executor's log the workers kept: {@code work-N/app-*\/<executor>/stderr}. */
    private static List<String> executorLogs() throws IOException {
        List<String> logs = new ArrayList<>();
        for (int worker = 1; worker <= 2; worker++) {
            Path work = cluster.workDir(worker);
            try (Stream<Path> files = Files.walk(work)) {
                for (Path stderr : files.filter(path -> path.getFileName().toString().equals("stderr")).toList()) {
                    logs.add(Files.readString(stderr));
                }
            }
        }
        return logs;
    }
}
