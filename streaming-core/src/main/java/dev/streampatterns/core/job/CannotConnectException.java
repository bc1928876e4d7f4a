package dev.streampatterns.core.job;

/**
 * A server a job was given (a Kafka cluster, a database, Redis) could not be reached or refused the
 * connection, found at start rather than in the first batch. The message is one line for the user:
 * what was asked for, where, and why it failed; {@link #setBy} adds which setting gives the address.
 */
public class CannotConnectException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CannotConnectException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The same failure, its message ending with the settings that give the address, e.g. "--bootstrap-servers". */
    public CannotConnectException setBy(String settings) {
        // Drivers end their reasons with a full stop; the hint continues the sentence.
        String reason = getMessage().endsWith(".") ? getMessage().substring(0, getMessage().length() - 1) : getMessage();
        return new CannotConnectException(reason + "; it is set by " + settings, getCause());
    }
}
