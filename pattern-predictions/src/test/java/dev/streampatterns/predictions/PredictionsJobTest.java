package dev.streampatterns.predictions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streampatterns.core.decode.DeadLetter;
import dev.streampatterns.core.job.CheckpointLocations;
import dev.streampatterns.core.job.StreamingJob;
import dev.streampatterns.core.sink.KafkaSink;
import dev.streampatterns.core.source.KafkaSourceOptions;
import dev.streampatterns.generators.Generator;
import dev.streampatterns.generators.GeneratorOptions;
import dev.streampatterns.generators.GeneratorReport;
import dev.streampatterns.generators.ProducerFactory;
import dev.streampatterns.generators.ReviewsDataset;
import dev.streampatterns.predictions.PredictionsJob.OutputValue;
import dev.streampatterns.predictions.server.ModelServer;
import dev.streampatterns.servers.KafkaBrokerExtension;
import dev.streampatterns.servers.TopicRecords;
import dev.streampatterns.testkit.TestSparkSessions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The prediction stream end to end on the embedded broker: generated reviews in, one prediction per
 * review out, each the model's label for the review's text (computed here from the generator's seed);
 * the same output in both modes; a model server stopped mid-run fails the batch, and the restart
 * predicts every review once.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PredictionsJobTest {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SentimentModel MODEL = VaderSentimentModel.get();

    private final SparkSession spark = TestSparkSessions.local();

    @Test
    void bothModesGiveEveryReviewTheModelsLabelAndMalformedLinesAreDeadLetters() {
        String input = "reviews-both-modes";
        KAFKA.createTopic(input, 2);
        GeneratorReport sent = generate(input, 11, 300, 0.05);
        Map<String, String> expected = expectedLabels(11, 300);

        List<Row> deadLetters = new CopyOnWriteArrayList<>();
        Map<String, String> inProcess = run(input, "out-in-process", ModelChoice.inProcess(), deadLetters);
        Map<String, String> server;
        try (ModelServer modelServer = ModelServer.start(MODEL, 0)) {
            server = run(input, "out-server", ModelChoice.server(ModelServerSettings.of(modelServer.address())
                    .withChunkSize(40)), new CopyOnWriteArrayList<>());
            assertThat(modelServer.predicted()).isEqualTo(300);
        }

        assertThat(inProcess).isEqualTo(expected);
        assertThat(server).isEqualTo(inProcess);
        assertThat(expected.values()).contains("Very Positive", "Positive", "Neutral", "Negative", "Very Negative");
        assertThat(sent.malformedSent()).isPositive();
        assertThat(deadLetters).hasSize((int) sent.malformedSent())
                .extracting(row -> row.<String>getAs(DeadLetter.REASON)).allMatch(reason -> reason.equals("blank line")
                        || reason.equals("missing key 'id'"));
    }

    @Test
    void aModelServerStoppedMidRunFailsTheBatchAndTheRestartPredictsEveryReviewOnce(@TempDir Path checkpoints)
            throws Exception {
        String input = "reviews-server-down";
        String output = "predictions-server-down";
        KAFKA.createTopic(input, 2);
        KAFKA.createTopic(output, 1);
        Map<String, String> expected = new HashMap<>(expectedLabels(21, 150));
        expected.putAll(expectedLabels(22, 150));

        ModelServer modelServer = ModelServer.start(MODEL, 0);
        int port = modelServer.address().getPort();
        ModelServerSettings settings = ModelServerSettings.of(modelServer.address()).withChunkSize(25)
                .withRetries(2, Duration.ofMillis(100)).withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(2));
        PredictionsJob predictions = job(ModelChoice.server(settings), output, OutputValue.JSON, new CopyOnWriteArrayList<>());
        generate(input, 21, 150, 0);
        try (StreamingJob job = StreamingJob.create(spark, CheckpointLocations.under(checkpoints))) {
            predictions.start(job, source(input), Duration.ZERO);
            job.processAllAvailable();
            assertThat(TopicRecords.read(KAFKA.bootstrapServers(), output, 150, Duration.ofSeconds(30))).hasSize(150);

            modelServer.close();
            generate(input, 22, 150, 0);
            assertThatThrownBy(job::processAllAvailable).hasMessageContaining(
                    "the model server at http://127.0.0.1:" + port + " did not answer /sentiment/batch after 2 attempt(s)");
        }
        assertThat(TopicRecords.read(KAFKA.bootstrapServers(), output, 151, Duration.ofSeconds(3)))
                .as("the failed batch wrote nothing").hasSize(150);

        try (ModelServer restarted = ModelServer.start(MODEL, port);
             StreamingJob job = StreamingJob.create(spark, CheckpointLocations.under(checkpoints))) {
            predictions.start(job, source(input), Duration.ZERO);
            job.processAllAvailable();
            assertThat(restarted.predicted()).as("the restart predicts the failed batch, not the first").isEqualTo(150);
        }

        List<ConsumerRecord<byte[], byte[]>> records = TopicRecords.read(KAFKA.bootstrapServers(), output, 301,
                Duration.ofSeconds(5));
        assertThat(records).hasSize(300);
        Map<String, String> labels = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            String id = new String(record.key(), StandardCharsets.UTF_8);
            JsonNode value = JSON.readTree(record.value());
            assertThat(value.get("id").asText()).isEqualTo(id);
            assertThat(labels.put(id, value.get("label").asText())).as("id %s once", id).isNull();
            assertThat(value.get("score").asDouble()).isEqualTo(MODEL.predict(textOf(id)).score());
        }
        assertThat(labels).isEqualTo(expected);
    }

    private final Map<String, String> texts = new HashMap<>();

    /** The label the model gives each review a generator run with {@code seed} sends: id → label. */
    private Map<String, String> expectedLabels(long seed, int count) {
        Map<String, String> labels = new HashMap<>();
        for (ReviewsDataset.Review review : new ReviewsDataset().reviews(seed, count)) {
            labels.put(review.id(), MODEL.predict(review.text()).label());
            texts.put(review.id(), review.text());
        }
        return labels;
    }

    private String textOf(String id) {
        return texts.get(id);
    }

    /** Runs the job over everything in {@code input} on a new checkpoint; the output topic as id → label. */
    private Map<String, String> run(String input, String output, ModelChoice model, List<Row> deadLetters) {
        KAFKA.createTopic(output, 1);
        List<PredictionsJob.BatchReport> reports = new ArrayList<>();
        PredictionsJob predictions = new PredictionsJob(ReviewColumns.decoder(), new SentimentPredictions(model),
                PredictionsJob.toKafka(KafkaSink.to(KAFKA.bootstrapServers(), output, KafkaSink.KEY, KafkaSink.VALUE),
                        OutputValue.LABEL), (rows, batchId) -> deadLetters.addAll(rows.collectAsList()), 5, reports::add);
        try (StreamingJob job = StreamingJob.create(spark, CheckpointLocations.temporary())) {
            predictions.start(job, source(input), Duration.ZERO);
            job.processAllAvailable();
        }
        assertThat(reports.stream().mapToLong(PredictionsJob.BatchReport::rows).sum()).isEqualTo(300);
        assertThat(reports.get(0).sample()).hasSize(5);
        Map<String, String> labels = new HashMap<>();
        TopicRecords.read(KAFKA.bootstrapServers(), output, 300, Duration.ofSeconds(30)).forEach(record ->
                labels.put(new String(record.key(), StandardCharsets.UTF_8), new String(record.value(), StandardCharsets.UTF_8)));
        return labels;
    }

    private PredictionsJob job(ModelChoice model, String output, OutputValue value, List<Row> deadLetters) {
        return new PredictionsJob(ReviewColumns.decoder(), new SentimentPredictions(model),
                PredictionsJob.toKafka(KafkaSink.to(KAFKA.bootstrapServers(), output, KafkaSink.KEY, KafkaSink.VALUE), value),
                (rows, batchId) -> deadLetters.addAll(rows.collectAsList()), 0, report -> { });
    }

    private static dev.streampatterns.core.source.StreamSource source(String topic) {
        return dev.streampatterns.core.source.KafkaSource.stream(KafkaSourceOptions.builder().bootstrapServers(KAFKA.bootstrapServers()).topics(topic)
                .startingOffsets("earliest").build());
    }

    private static GeneratorReport generate(String topic, long seed, long count, double malformed) {
        try (KafkaProducer<byte[], byte[]> producer = ProducerFactory.create(KAFKA.bootstrapServers(), Map.of())) {
            return new Generator(producer, new ReviewsDataset(), GeneratorOptions.builder().topic(topic).seed(seed)
                    .maxEvents(count).malformedFraction(malformed).build()).run();
        }
    }
}
