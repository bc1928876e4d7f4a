package dev.streampatterns.examples;

import dev.streampatterns.core.config.Setting;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The settings every example shares — where Kafka is, how Spark runs, where checkpoints go — so no
 * example declares its own copy. Defaults give a self-contained demo: an in-process broker and
 * {@code local[*]} Spark.
 */
public final class ExampleSettings {
    public static final Setting<Optional<String>> BOOTSTRAP_SERVERS = Setting.optionalString("bootstrap-servers",
            "Kafka cluster to use (host:port,...); none starts an in-process broker on 127.0.0.1");
    public static final Setting<String> MASTER = Setting.string("master", "local[*]",
            "Spark master URL: local[N], or spark://HOST:PORT for a standalone cluster (bin/cluster; the application jar is built and shipped)");
    public static final Setting<Optional<String>> CHECKPOINT_ROOT = Setting.optionalString("checkpoint-root",
            "folder of the queries' checkpoints (one per query); none uses a temporary folder deleted at exit");
    public static final Setting<Boolean> SPARK_UI = Setting.bool("spark-ui", false,
            "serve Spark's web UI on 127.0.0.1:4040");
    public static final Setting<String> SPARK_LOG_LEVEL = Setting.validated("spark-log-level", "WARN",
            level -> List.of("ERROR", "WARN", "INFO", "DEBUG").contains(level), "ERROR, WARN, INFO, DEBUG",
            "log level of Spark and Kafka's own logs");

    private ExampleSettings() {
    }

    /**
     * The shared settings followed by an example's own. An own setting with the name of a shared one
     * replaces it (e.g. {@code BOOTSTRAP_SERVERS.alsoEnv("KAFKA_BROKER")}); values are looked up by name.
     */
    public static List<Setting<?>> with(Setting<?>... own) {
        List<Setting<?>> all = new ArrayList<>(List.of(BOOTSTRAP_SERVERS, MASTER, CHECKPOINT_ROOT, SPARK_UI, SPARK_LOG_LEVEL));
        for (Setting<?> setting : own) {
            all.removeIf(shared -> shared.name().equals(setting.name()));
        }
        all.addAll(Arrays.asList(own));
        return all;
    }
}
