package dev.streampatterns.benchmarks;

import dev.streampatterns.cluster.SparkHome;
import dev.streampatterns.cluster.StandaloneCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Scenario: the user-events pipeline of {@link PipelineScenario} (the same events, the same query, one
 * available-now batch) on a Spark standalone cluster of two workers of one core each on 127.0.0.1,
 * its tasks in two executor JVMs, beside the same pipeline on {@code local[*]} in the benchmark's JVM
 * (the baseline), in the same run. The cluster is started from Spark's jars ({@code SSP_SPARK_JARS},
 * a class path file) and its executors load the project's classes from the application jar
 * ({@code SSP_APP_JAR}); {@code bin/benchmark --scenarios cluster} builds both. Switching between the
 * two sessions (one SparkContext per JVM) happens before each run, outside the timed section.
 */
final class ClusterScenario implements Scenario {
    static final String NAME = "cluster";

    @Override
    public List<ResultRow> run(BenchmarkContext context) throws Exception {
        Path appJar = requiredFile("SSP_APP_JAR", "the examples' application jar");
        Path sparkJars = requiredFile("SSP_SPARK_JARS", "the class path file of Spark's jars");
        String topic = context.userEventsTopic();
        Path dir = Files.createTempDirectory("bench-cluster");
        try (StandaloneCluster cluster = StandaloneCluster.start(dir, SparkHome.readClassPath(sparkJars),
                new StandaloneCluster.Shape(2, 1, "1g", 0))) {
            Map<String, String> shipped = Map.of("spark.jars", appJar.toString());
            try {
                return Runs.measure(context, NAME, List.of(
                        PipelineScenario.pipelineRun(context, topic, "local[*]",
                                () -> context.sparkOn("local[*]", Map.of())),
                        PipelineScenario.pipelineRun(context, topic, "standalone cluster, 2 workers x 1 core",
                                () -> context.sparkOn(cluster.masterUrl(), shipped))));
            } finally {
                // Off the cluster before it stops, so the session does not wait for its master to come back.
                context.sparkOn(context.options().master(), Map.of());
            }
        }
    }

    private static Path requiredFile(String variable, String what) {
        String value = System.getenv(variable);
        if (value == null || !Files.isRegularFile(Path.of(value))) {
            throw new IllegalStateException("the " + NAME + " scenario needs " + what + " in " + variable
                    + " (bin/benchmark --scenarios cluster builds it and sets it): " + value);
        }
        return Path.of(value);
    }
}
