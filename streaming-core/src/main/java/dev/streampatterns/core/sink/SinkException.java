package dev.streampatterns.core.sink;

/**
 * A sink could not write a batch. The message names the sink, where it writes (never with a
 * password) and the batch, so the log of a failed query says which server to look at. Thrown, the
 * batch fails and Spark redoes it when the query restarts.
 */
public class SinkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SinkException(String message) {
        super(message);
    }

    public SinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
