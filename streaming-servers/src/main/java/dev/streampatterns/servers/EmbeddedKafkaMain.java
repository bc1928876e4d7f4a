package dev.streampatterns.servers;

import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs an {@link EmbeddedKafkaBroker} as a stand-alone process, for examples and for poking at
 * topics with {@code kafka-console-consumer} or {@code kcat}:
 *
 * <pre>
 * java -cp ... dev.streampatterns.servers.EmbeddedKafkaMain [--port N]
 * </pre>
 *
 * <p>The broker listens on {@code 127.0.0.1} (a free port unless {@code --port} is given), keeps
 * its data in a temporary folder and deletes it when the process is stopped with Ctrl-C or
 * SIGTERM. Topics are auto-created on first use with one partition.
 */
public final class EmbeddedKafkaMain {

    private static final String USAGE = """
            Usage: EmbeddedKafkaMain [--port N]
              Runs a single-node Kafka broker (KRaft, in-process) on 127.0.0.1 until Ctrl-C.
              --port N   port of the client listener (default: a free port)
              --help     print this message""";

    private EmbeddedKafkaMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port;
        try {
            port = parsePort(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (port < 0) {
            System.out.println(USAGE);
            return;
        }

        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(port, Map.of());
        CountDownLatch stopped = new CountDownLatch(1);
        // Ctrl-C and SIGTERM run shutdown hooks, not code after a blocking call: the hook closes the
        // broker (and deletes its storage) and only then lets main finish.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                broker.close();
            } finally {
                stopped.countDown();
            }
        }, "embedded-kafka-shutdown"));

        System.out.println("Kafka broker (in-process, KRaft) listening on " + broker.bootstrapServers()
                + " — press Ctrl-C to stop");
        stopped.await();
    }

    /** The requested port, 0 for any free port, or -1 when help was asked for. */
    static int parsePort(String[] args) {
        int port = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> {
                    return -1;
                }
                case "--port" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--port needs a value");
                    }
                    port = parsePortValue(args[++i]);
                }
                default -> throw new IllegalArgumentException("Unknown argument: " + args[i]);
            }
        }
        return port;
    }

    private static int parsePortValue(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("--port must be within 1..65535, was " + value);
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port must be a number, was '" + value + "'", e);
        }
    }
}
