package dev.streampatterns.examples.predictions;

import dev.streampatterns.core.config.Config;
import dev.streampatterns.core.config.Setting;
import dev.streampatterns.core.config.Settings;
import dev.streampatterns.core.config.ValueType;
import dev.streampatterns.core.decode.DecodeMode;
import dev.streampatterns.core.sink.ConsoleTable;
import dev.streampatterns.core.sink.DeadLetterSink;
import dev.streampatterns.core.sink.KafkaSink;
import dev.streampatterns.core.source.KafkaSource;
import dev.streampatterns.examples.BackgroundGenerator;
import dev.streampatterns.examples.ChapterOptions;
import dev.streampatterns.examples.ChapterRun;
import dev.streampatterns.examples.ExampleSettings;
import dev.streampatterns.examples.KafkaConnection;
import dev.streampatterns.generators.GeneratorReport;
import dev.streampatterns.generators.ReviewsDataset;
import dev.streampatterns.predictions.ModelChoice;
import dev.streampatterns.predictions.ModelServerSettings;
import dev.streampatterns.predictions.PredictionsJob;
import dev.streampatterns.predictions.PredictionsJob.OutputValue;
import dev.streampatterns.predictions.ReviewColumns;
import dev.streampatterns.predictions.Sentiment;
import dev.streampatterns.predictions.SentimentPredictions;
import dev.streampatterns.predictions.VaderSentimentModel;
import dev.streampatterns.predictions.server.ModelServer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Chapter 5 of the course, real-time predictions (SPEC sections 7 and 10): a seeded generator sends
 * movie review lines keyed by id while the predictions job gives each its sentiment — in-process, or by
 * a model server over HTTP — and publishes it to {@code streaming.sentiment.output}, key = id; each
 * batch's predictions are printed as a table.
 */
public final class PredictionsExample {
    static final String NAME = "chapter5-predictions";

    /** Where the model runs. */
    enum Mode { IN_PROCESS, SERVER }

    static final Setting<Mode> MODE = Setting.choice("mode", Mode.class, Mode.IN_PROCESS,
            "where the model runs: IN_PROCESS (in-process, once per executor JVM) or SERVER (a model server over HTTP)");
    static final Setting<String> MODEL_SERVER = Setting.of("model-server", ValueType.validated(
                    PredictionsExample::isServerUrl, "an http://HOST:PORT URL, or empty"), "",
            "the model server in SERVER mode, e.g. http://127.0.0.1:8001; empty: the chapter starts one on 127.0.0.1");
    static final Setting<Integer> CHUNK_SIZE = Setting.intValue("chunk-size", ModelServerSettings.DEFAULT_CHUNK_SIZE, 1,
            ModelServer.MAX_BATCH, "reviews per call to the model server (SERVER mode)");
    static final Setting<Duration> CONNECT_TIMEOUT = Setting.duration("connect-timeout",
            ModelServerSettings.DEFAULT_CONNECT_TIMEOUT, Duration.ofMillis(1), "how long a connection to the model server may take");
    static final Setting<Duration> READ_TIMEOUT = Setting.duration("read-timeout", ModelServerSettings.DEFAULT_READ_TIMEOUT,
            Duration.ofMillis(1), "how long a call to the model server may wait for its answer");
    static final Setting<Integer> ATTEMPTS = Setting.intValue("attempts", ModelServerSettings.DEFAULT_ATTEMPTS, 1, 100,
            "calls per chunk before the batch fails (1: no retry); the wait between two doubles from --backoff");
    static final Setting<Duration> BACKOFF = Setting.duration("backoff", ModelServerSettings.DEFAULT_BACKOFF,
            "the wait before the first retry of a call to the model server");
    static final Setting<OutputValue> OUTPUT_VALUE = Setting.choice("output-value", OutputValue.class, OutputValue.LABEL,
            "what the output topic's value holds: LABEL (e.g. Very Positive) or JSON ({\"id\",\"label\",\"score\"})");
    static final Setting<String> TOPIC = Setting.string("topic", ReviewsDataset.DEFAULT_TOPIC, "input topic (key = id, "
            + "value = one review line)");
    static final Setting<String> OUTPUT_TOPIC = Setting.string("output-topic", PredictionsJob.DEFAULT_OUTPUT_TOPIC,
            "output topic (key = id, value = the label, or JSON with --output-value JSON)");
    static final Setting<String> DEAD_LETTER_TOPIC = Setting.string("dead-letter-topic", "streaming.sentiment.dead-letter",
            "topic for review records that cannot be decoded");
    static final Setting<Integer> SHOW = Setting.intValue("show", 10, 0, 1_000, "predictions of each batch printed");
    static final Setting<DecodeMode> DECODE_MODE = Setting.choice("decode-mode", DecodeMode.class, DecodeMode.PERMISSIVE,
            "what a malformed record does: PERMISSIVE sends it to the dead letter, FAILFAST stops the query");
    static final Setting<Long> EVENTS = ChapterRun.EVENTS.withDefault(200L);
    static final Setting<Double> RATE = ChapterRun.RATE.withDefault(50.0);

    static final Settings SETTINGS = new Settings("bin/run-example " + NAME,
            "Movie review lines from Kafka (key = id): the sentiment of each (Very Negative to Very Positive) by the "
                    + "model in-process or by a model server over HTTP, to Kafka (key = id); each batch's predictions "
                    + "on the console (SPEC section 7).",
            ExampleSettings.with(MODE, MODEL_SERVER, CHUNK_SIZE, CONNECT_TIMEOUT, READ_TIMEOUT, ATTEMPTS, BACKOFF,
                    OUTPUT_VALUE, TOPIC, OUTPUT_TOPIC, DEAD_LETTER_TOPIC, SHOW, EVENTS, RATE, ChapterRun.MALFORMED,
                    ChapterRun.SEED, DECODE_MODE, ChapterRun.TRIGGER, ChapterRun.MAX_OFFSETS, ChapterRun.STARTING_OFFSETS,
                    ChapterRun.FOLLOW));

    private static final StructType SHOWN = new StructType().add("id", DataTypes.StringType)
            .add("label", DataTypes.StringType).add("score", DataTypes.StringType).add("review", DataTypes.StringType);
    private static final int SHOWN_TEXT = 60;

    /**
     * The chapter's options, typed.
     *
     * @param server the model server's calls in SERVER mode; its URL is empty when the chapter starts its own
     */
    record Options(ChapterOptions chapter, Mode mode, Optional<URI> modelServer, ModelServerSettings server,
                   OutputValue outputValue, String topic, String outputTopic, String deadLetterTopic, int show) {
        static Options from(Config config) {
            String url = config.get(MODEL_SERVER);
            Optional<URI> given = url.isEmpty() ? Optional.empty() : Optional.of(URI.create(url));
            ModelServerSettings server = new ModelServerSettings(given.orElse(URI.create("http://127.0.0.1:0")),
                    config.get(CHUNK_SIZE), config.get(CONNECT_TIMEOUT), config.get(READ_TIMEOUT), config.get(ATTEMPTS),
                    config.get(BACKOFF));
            return new Options(ChapterOptions.from(config, DECODE_MODE), config.get(MODE), given, server,
                    config.get(OUTPUT_VALUE), config.get(TOPIC), config.get(OUTPUT_TOPIC), config.get(DEAD_LETTER_TOPIC),
                    config.get(SHOW));
        }
    }

    private PredictionsExample() {
    }

    public static void run(String[] args) throws Exception {
        ChapterRun.enter(SETTINGS, args, NAME, Options::from, PredictionsExample::run);
    }

    static boolean isServerUrl(String value) {
        if (value.isEmpty()) {
            return true;
        }
        try {
            URI url = URI.create(value);
            return ("http".equals(url.getScheme()) || "https".equals(url.getScheme())) && url.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void run(Options options) throws Exception {
        ChapterOptions chapter = options.chapter();
        ModelServer own = options.mode() == Mode.SERVER && options.modelServer().isEmpty()
                ? ModelServer.start(VaderSentimentModel.get(), 0) : null;
        try (KafkaConnection kafka = KafkaConnection.open(chapter)) {
            ModelChoice model = options.mode() == Mode.IN_PROCESS ? ModelChoice.inProcess()
                    : ModelChoice.server(own == null ? options.server() : options.server().withUrl(own.address()));
            System.out.println("Model: " + model.model().describe() + (own != null ? " (started by this chapter)" : "")
                    + (options.mode() == Mode.SERVER ? ", " + model.chunkSize() + " reviews per call" : ""));
            kafka.ensureTopics(2, options.topic());
            kafka.ensureTopics(1, options.outputTopic(), options.deadLetterTopic());
            BackgroundGenerator generated = BackgroundGenerator.start(kafka.bootstrapServers(), new ReviewsDataset(),
                    chapter.generator(options.topic()), chapter.events());
            Map<Sentiment, Long> totals = new EnumMap<>(Sentiment.class);
            PredictionsJob predictions = new PredictionsJob(ReviewColumns.decoder().withMode(chapter.mode()),
                    new SentimentPredictions(model), PredictionsJob.toKafka(KafkaSink.to(kafka.bootstrapServers(),
                    options.outputTopic(), KafkaSink.KEY, KafkaSink.VALUE), options.outputValue()),
                    DeadLetterSink.toKafka(kafka.bootstrapServers(), options.deadLetterTopic()), options.show(),
                    report -> {
                        report.labels().forEach((label, count) -> totals.merge(label, count, Long::sum));
                        System.out.print(describe(report));
                    });
            ChapterRun.run(chapter, NAME, options.topic(), generated, job -> predictions.start(job,
                    KafkaSource.stream(chapter.source(kafka.bootstrapServers(), options.topic())), chapter.trigger()));
            GeneratorReport sent = generated.report();
            System.out.printf(Locale.ROOT, "Done: %,d reviews generated and %,d malformed (in %s with their reasons); "
                            + "%,d predictions in %s: %s.%n", sent.validSent(), sent.malformedSent(), options.deadLetterTopic(),
                    totals.values().stream().mapToLong(Long::longValue).sum(), options.outputTopic(), counts(totals));
        } finally {
            if (own != null) {
                own.close();
            }
        }
    }

    /** A batch's lines: how many of each label, then its first predictions; none for a batch that read nothing. */
    static String describe(PredictionsJob.BatchReport report) {
        if (report.rows() == 0) {
            return "";
        }
        List<Row> rows = new ArrayList<>();
        for (Row prediction : report.sample()) {
            String text = prediction.getString(1);
            rows.add(RowFactory.create(prediction.getString(0).substring(0, Math.min(8, prediction.getString(0).length())),
                    prediction.getString(2), String.format(Locale.ROOT, "%+.4f", prediction.getDouble(3)),
                    text.length() <= SHOWN_TEXT ? text : text.substring(0, SHOWN_TEXT - 3) + "..."));
        }
        return String.format(Locale.ROOT, "Batch %d: %,d review(s): %s%n%s", report.batchId(), report.rows(),
                counts(report.labels()), rows.isEmpty() ? "" : ConsoleTable.render(SHOWN, rows));
    }

    private static String counts(Map<Sentiment, Long> labels) {
        List<String> parts = new ArrayList<>();
        for (Sentiment sentiment : Sentiment.values()) {
            parts.add(String.format(Locale.ROOT, "%,d %s", labels.getOrDefault(sentiment, 0L), sentiment.label()));
        }
        return String.join(", ", parts);
    }
}
