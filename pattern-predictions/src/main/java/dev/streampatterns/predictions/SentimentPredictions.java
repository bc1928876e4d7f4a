package dev.streampatterns.predictions;

import static org.apache.spark.sql.functions.col;

import dev.streampatterns.core.pattern.Pattern;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The sentiment of each review: rows {@code id, text} in, rows {@link #OUTPUT} ({@code id, text, label,
 * score}) out, one per input row, in the input's order within a partition.
 *
 * <p>Each partition takes its model from the {@link ModelChoice} once (an executor JVM's one instance)
 * and predicts its rows in chunks of {@link ModelChoice#chunkSize()}: one HTTP call per chunk to a model
 * server, never one per row. Chunks are read as the output is consumed, so a partition's memory holds
 * one chunk, not the partition. The same rows give the same labels in both modes, as the server runs the
 * same model.
 *
 * <p>A model that fails (a server that stays down) fails the task, and so the micro-batch.
 */
public final class SentimentPredictions implements Pattern {
    private static final long serialVersionUID = 1L;
    public static final String LABEL = "label";
    public static final String SCORE = "score";
    public static final StructType OUTPUT = new StructType()
            .add(ReviewColumns.ID, DataTypes.StringType, false)
            .add(ReviewColumns.TEXT, DataTypes.StringType, false)
            .add(LABEL, DataTypes.StringType, false)
            .add(SCORE, DataTypes.DoubleType, false);

    private final ModelChoice model;

    public SentimentPredictions(ModelChoice model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    @Override
    public String name() {
        return "sentiment";
    }

    public ModelChoice model() {
        return model;
    }

    @Override
    public Dataset<Row> apply(Dataset<Row> reviews) {
        ModelChoice choice = model;
        MapPartitionsFunction<Row, Row> predict = rows -> new Chunks(choice.model(), choice.chunkSize(), rows);
        return reviews.select(col(ReviewColumns.ID), col(ReviewColumns.TEXT)).mapPartitions(predict, Encoders.row(OUTPUT));
    }

    /** A partition's rows with their predictions, a chunk at a time. */
    private static final class Chunks implements Iterator<Row> {
        private final SentimentModel model;
        private final int chunkSize;
        private final Iterator<Row> input;
        private List<Row> chunk = List.of();
        private int next;

        Chunks(SentimentModel model, int chunkSize, Iterator<Row> input) {
            this.model = model;
            this.chunkSize = chunkSize;
            this.input = input;
        }

        @Override
        public boolean hasNext() {
            if (next < chunk.size()) {
                return true;
            }
            if (!input.hasNext()) {
                return false;
            }
            List<Row> reviews = new ArrayList<>(chunkSize);
            List<String> texts = new ArrayList<>(chunkSize);
            while (input.hasNext() && reviews.size() < chunkSize) {
                Row review = input.next();
                reviews.add(review);
                texts.add(review.getString(1));
            }
            List<Prediction> predictions = model.predictAll(texts);
            List<Row> predicted = new ArrayList<>(reviews.size());
            for (int i = 0; i < reviews.size(); i++) {
                Prediction prediction = predictions.get(i);
                predicted.add(RowFactory.create(reviews.get(i).getString(0), texts.get(i), prediction.label(),
                        prediction.score()));
            }
            chunk = predicted;
            next = 0;
            return true;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return chunk.get(next++);
        }
    }
}
