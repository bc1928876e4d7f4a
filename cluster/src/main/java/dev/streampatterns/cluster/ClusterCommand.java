package dev.streampatterns.cluster;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code bin/cluster start|stop|status}: a standalone cluster on 127.0.0.1 for the chapters'
 * {@code --master spark://...}, kept in the folder {@code SSP_CLUSTER_DIR} (bin/cluster: target/cluster).
 * {@code start} takes {@code --workers N} (2), {@code --cores N} per worker (1), {@code --memory M} per
 * worker (1g) and {@code --port P} (7077; 0: any free port).
 */
public final class ClusterCommand {
    private static final String USAGE = "usage: bin/cluster start [--workers N] [--cores N] [--memory 1g] [--port 7077]"
            + " | stop | status";

    private ClusterCommand() {
    }

    public static void main(String[] args) throws Exception {
        String dirSetting = System.getenv("SSP_CLUSTER_DIR");
        if (args.length == 0 || dirSetting == null) {
            System.err.println(USAGE);
            System.exit(2);
        }
        Path dir = Path.of(dirSetting);
        Optional<StandaloneCluster> running = StandaloneCluster.attach(dir);
        switch (args[0]) {
            case "start" -> {
                if (running.isPresent()) {
                    System.out.println("Already running: " + describe(running.get()));
                    return;
                }
                StandaloneCluster.Shape shape = shape(args);
                StandaloneCluster cluster = StandaloneCluster.start(dir, SparkHome.readClassPath(
                        Path.of(System.getProperty("ssp.spark.jars"))), shape);
                System.out.printf(Locale.ROOT, "Started: %s%nRun a chapter on it: bin/run-example user-events --master %s"
                        + "%nStop it: bin/cluster stop (logs in %s)%n", describe(cluster), cluster.masterUrl(), dir);
            }
            case "stop" -> {
                if (running.isEmpty()) {
                    System.out.println("No cluster runs from " + dir);
                }
                StandaloneCluster.stopIn(dir);
                running.ifPresent(cluster -> System.out.println("Stopped the master and workers of " + cluster.masterUrl()));
            }
            case "status" -> {
                if (running.isEmpty()) {
                    System.out.println("No cluster runs from " + dir);
                    System.exit(3);
                }
                System.out.println(describe(running.get()));
            }
            default -> {
                System.err.println("unknown command '" + args[0] + "'; " + USAGE);
                System.exit(2);
            }
        }
    }

    private static String describe(StandaloneCluster cluster) throws java.io.IOException {
        Map<Integer, ProcessHandle> workers = cluster.workers();
        return String.format(Locale.ROOT, "master %s (web UI %s), %d worker(s) running (process ids %s)",
                cluster.masterUrl(), cluster.masterUi().orElse("-"), workers.size(),
                workers.values().stream().map(p -> String.valueOf(p.pid())).toList());
    }

    private static StandaloneCluster.Shape shape(String[] args) {
        int workers = 2;
        int cores = 1;
        String memory = "1g";
        int port = 7077;
        for (int i = 1; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (value == null) {
                throw usage(args[i] + " needs a value");
            }
            switch (args[i]) {
                case "--workers" -> workers = number(args[i], value);
                case "--cores" -> cores = number(args[i], value);
                case "--memory" -> {
                    if (!value.matches("[0-9]+[mMgG]")) {
                        throw usage("--memory: invalid value '" + value + "'; accepted: a size such as 1g or 1500m");
                    }
                    memory = value;
                }
                case "--port" -> port = number(args[i], value);
                default -> throw usage("unknown option " + args[i]);
            }
            i++;
        }
        try {
            return new StandaloneCluster.Shape(workers, cores, memory, port);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private static int number(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw usage(option + ": invalid value '" + value + "'; accepted: a whole number");
        }
    }

    private static IllegalArgumentException usage(String message) {
        System.err.println("error: " + message + "\n" + USAGE);
        System.exit(2);
        return new IllegalArgumentException(message);
    }
}
