package dev.streampatterns.generators;

/** A generator run failed: a record could not be sent, so the topic does not hold the full sequence. */
public final class GeneratorException extends RuntimeException {

    public GeneratorException(String message, Throwable cause) {
        super(message, cause);
    }
}
