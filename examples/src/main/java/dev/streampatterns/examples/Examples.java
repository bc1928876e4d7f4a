package dev.streampatterns.examples;

import dev.streampatterns.core.decode.MalformedRecordException;
import dev.streampatterns.core.job.CannotConnectException;
import dev.streampatterns.core.config.ConfigException;
import dev.streampatterns.examples.archive.EventArchiveExample;
import dev.streampatterns.examples.userevents.UserEventsExample;
import dev.streampatterns.servers.EmbeddedKafkaMain;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The catalog's runnable chapters: {@code run-example CHAPTER [options]}. */
public final class Examples {
    private static final Logger LOG = LoggerFactory.getLogger(Examples.class);
    /** A chapter's entry point. */
    @FunctionalInterface
    interface Chapter {
        void run(String[] args) throws Exception;
    }

    private static final Map<String, String> DESCRIPTIONS = new LinkedHashMap<>();
    private static final Map<String, Chapter> CHAPTERS = new LinkedHashMap<>();

    static {
        register("user-events", "protobuf user events, per-batch analytics on a cached batch (exercise 5)",
                UserEventsExample::run);
        register("chapter2-orders", "JSON orders: totals per product in 5-second event-time windows into MariaDB (or "
                + "embedded H2) and Redis, in decimals, exactly once (chapter 2)",
                dev.streampatterns.examples.orders.OrdersExample::run);
        register("clickstream", "clickstream and transactions: page views with exact distinct users, revenue to "
                + "Parquet, conversions from a stream-stream join, event-time sessions (SPEC section 3)",
                dev.streampatterns.examples.clickstream.ClickstreamExample::run);
        register("chapter3-alerts", "CSV alerts: critical routing and windowed thresholds, rules as configuration (chapter 3)",
                dev.streampatterns.examples.alerts.AlertsExample::run);
        register("chapter4-leaderboard", "game scores: a running board per player in a Redis sorted set, exactly once, "
                + "with a live page (chapter 4)", dev.streampatterns.examples.leaderboards.LeaderboardExample::run);
        register("chapter5-predictions", "movie review lines: the sentiment of each by the model in-process or by a "
                + "model server over HTTP, to Kafka (chapter 5)",
                dev.streampatterns.examples.predictions.PredictionsExample::run);
        register("chapter5-model-server", "the sentiment model over HTTP on 127.0.0.1:8001, on its own (chapter 5)",
                dev.streampatterns.examples.predictions.ModelServerExample::run);
        register("sentiment-accuracy", "the sentiment model's accuracy on 3,000 labelled review sentences, beside the "
                + "majority baseline", dev.streampatterns.examples.predictions.SentimentAccuracyExample::run);
        register("chapter6-views", "CSV website views: minutes per user in 5-second windows to Kafka, topic and user "
                + "boards in Redis, with a live page (chapter 6)", dev.streampatterns.examples.leaderboards.ViewsExample::run);
        register("event-archive", "JSON user events archived into PostgreSQL (or embedded H2) exactly once (SPEC section 8)",
                EventArchiveExample::run);
        register("broker", "an in-process Kafka broker on its own, for console tools or kcat",
                EmbeddedKafkaMain::main);
    }

    private Examples() {
    }

    private static void register(String name, String description, Chapter chapter) {
        DESCRIPTIONS.put(name, description);
        CHAPTERS.put(name, chapter);
    }

    public static void main(String[] args) {
        if (args.length == 0 || !CHAPTERS.containsKey(args[0])) {
            if (args.length > 0 && !args[0].startsWith("-")) {
                System.err.println("unknown chapter '" + args[0] + "'");
            }
            System.err.print(usage());
            System.exit(args.length == 0 || args[0].equals("--help") ? 0 : 2);
        }
        try {
            CHAPTERS.get(args[0]).run(Arrays.copyOfRange(args, 1, args.length));
            System.exit(0);
        } catch (ConfigException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        } catch (CannotConnectException e) {
            // A wrong address or a server that is down: the line says which and how to change it.
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        } catch (Exception e) {
            java.util.Optional<String> malformed = MalformedRecordException.describedIn(e);
            if (malformed.isPresent()) {
                // FAILFAST did what it was asked: the line names the record; the trace is for DEBUG.
                System.err.println("error: " + malformed.get());
                LOG.debug("the query stopped on a malformed record", e);
                System.exit(1);
            }
            System.err.println("error: " + e.getMessage());
            e.printStackTrace(System.err);
            System.exit(1);
        }
    }

    static String usage() {
        StringBuilder out = new StringBuilder("Usage: bin/run-example CHAPTER [options]   (CHAPTER --help lists its options)\n\nChapters:\n");
        DESCRIPTIONS.forEach((name, description) -> out.append(String.format("  %-21s %s%n", name, description)));
        return out.toString();
    }
}
