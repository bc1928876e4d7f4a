package dev.streampatterns.predictions;

/**
 * The model server did not give its predictions: it stayed unreachable, timed out or answered with an
 * error through every attempt. Thrown in a task, it fails the micro-batch, which a restart redoes; the
 * message names the server, the attempts and the last cause.
 */
public class ModelServerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
