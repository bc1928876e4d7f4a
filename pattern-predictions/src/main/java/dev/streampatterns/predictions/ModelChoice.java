package dev.streampatterns.predictions;

import java.io.Serializable;
import java.util.Objects;

/**
 * Which model a stream's tasks use, sent to the executors with the tasks: it names the model, and each
 * executor JVM makes (or finds) its own instance there, once — never per record or per batch.
 */
public sealed interface ModelChoice extends Serializable {

    /** This JVM's instance of the model. */
    SentimentModel model();

    /** Texts per {@link SentimentModel#predictAll} call: a server's chunk, or a slice of a partition in-process. */
    int chunkSize();

    /** The default model, VADER, in the executor's JVM ({@link VaderSentimentModel}). */
    static ModelChoice inProcess() {
        return new InProcess();
    }

    /** The model server at {@code settings.url()}, through one pooled client per executor JVM. */
    static ModelChoice server(ModelServerSettings settings) {
        return new Server(settings);
    }

    /** The in-process model. */
    record InProcess() implements ModelChoice {
        @Override
        public SentimentModel model() {
            return VaderSentimentModel.get();
        }

        @Override
        public int chunkSize() {
            return ModelServerSettings.DEFAULT_CHUNK_SIZE;
        }
    }

    /** A model server. */
    record Server(ModelServerSettings settings) implements ModelChoice {
        public Server {
            Objects.requireNonNull(settings, "settings");
        }

        @Override
        public SentimentModel model() {
            return ModelServerClient.shared(settings);
        }

        @Override
        public int chunkSize() {
            return settings.chunkSize();
        }
    }
}
