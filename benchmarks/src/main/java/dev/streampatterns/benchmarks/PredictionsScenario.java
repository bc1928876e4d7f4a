package dev.streampatterns.benchmarks;

import dev.streampatterns.generators.ReviewsDataset;
import dev.streampatterns.predictions.ModelChoice;
import dev.streampatterns.predictions.ModelServerSettings;
import dev.streampatterns.predictions.Prediction;
import dev.streampatterns.predictions.ReviewColumns;
import dev.streampatterns.predictions.Sentiment;
import dev.streampatterns.predictions.SentimentModel;
import dev.streampatterns.predictions.SentimentPredictions;
import dev.streampatterns.predictions.VaderSentimentModel;
import dev.streampatterns.predictions.server.ModelServer;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Scenario: the sentiment of {@code --events} review lines (the reviews' generator, seeded) through
 * {@link SentimentPredictions} on Spark, the reviews cached in {@code --partitions} partitions: the model
 * in-process; the model server (on 127.0.0.1, in this JVM) called with chunks of 100 reviews; and called
 * once per review. Baseline: the model's own rate, {@link VaderSentimentModel} in plain Java threads, as
 * many as Spark has cores. Every variant's label counts must equal the baseline's.
 */
final class PredictionsScenario implements Scenario {
    static final String NAME = "predictions";
    private static final StructType REVIEWS = new StructType().add(ReviewColumns.ID, DataTypes.StringType)
            .add(ReviewColumns.TEXT, DataTypes.StringType);

    /** How many reviews got each label. */
    record LabelCounts(Map<Sentiment, Long> counts) implements Variant.RunResult {
        @Override
        public String disagreement(Variant.RunResult baseline) {
            return counts.equals(((LabelCounts) baseline).counts) ? null : counts + " against " + baseline;
        }
    }

    @Override
    public List<ResultRow> run(BenchmarkContext context) throws Exception {
        BenchmarkOptions options = context.options();
        List<ReviewsDataset.Review> reviews = new ReviewsDataset().reviews(options.seed(), (int) options.events());
        List<Row> rows = reviews.stream().map(review -> RowFactory.create(review.id(), review.text())).toList();
        Dataset<Row> input = context.spark().createDataFrame(rows, REVIEWS).repartition(options.partitions())
                .persist(StorageLevel.MEMORY_ONLY());
        input.count();
        try (ModelServer server = ModelServer.start(VaderSentimentModel.get(), 0)) {
            ModelServerSettings chunked = ModelServerSettings.of(server.address()).withChunkSize(100);
            return Runs.measure(context, NAME, List.of(
                    new ModelAlone(reviews.stream().map(ReviewsDataset.Review::text).toList()),
                    new SparkPredictions("in-process", ModelChoice.inProcess(), input),
                    new SparkPredictions("model server, 100 reviews per call", ModelChoice.server(chunked), input),
                    new SparkPredictions("model server, 1 review per call", ModelChoice.server(chunked.withChunkSize(1)),
                            input)));
        } finally {
            input.unpersist(true);
        }
    }

    /** The baseline: the model in plain Java threads. */
    private static final class ModelAlone implements Variant {
        private final List<String> texts;

        ModelAlone(List<String> texts) {
            this.texts = texts;
        }

        @Override
        public String name() {
            return String.format(Locale.ROOT, "VaderSentimentModel alone, plain Java, %d threads", PlainThreads.COUNT);
        }

        @Override
        public Outcome run() throws Exception {
            SentimentModel model = VaderSentimentModel.get();
            Map<Sentiment, Long> counts = new EnumMap<>(Sentiment.class);
            for (List<Prediction> part : PlainThreads.eachSlice(texts, model::predictAll)) {
                part.forEach(prediction -> counts.merge(prediction.sentiment(), 1L, Long::sum));
            }
            return new Outcome(texts.size(), new LabelCounts(counts), "");
        }
    }

    /** The pattern on Spark over the cached reviews, counted per label. */
    private static final class SparkPredictions implements Variant {
        private final String how;
        private final ModelChoice model;
        private final Dataset<Row> input;

        SparkPredictions(String how, ModelChoice model, Dataset<Row> input) {
            this.how = how;
            this.model = model;
            this.input = input;
        }

        @Override
        public String name() {
            return "SentimentPredictions, Spark, " + how;
        }

        @Override
        public Outcome run() {
            Map<Sentiment, Long> counts = new EnumMap<>(Sentiment.class);
            long total = 0;
            for (Row row : new SentimentPredictions(model).apply(input).groupBy(SentimentPredictions.LABEL).count()
                    .collectAsList()) {
                counts.put(Sentiment.ofLabel(row.getString(0)), row.getLong(1));
                total += row.getLong(1);
            }
            return new Outcome(total, new LabelCounts(counts), "");
        }
    }
}
