package dev.streampatterns.core.config;

/**
 * A setting or option that cannot be used. The message always names the setting and, where the
 * setting has a closed set of values, lists the accepted ones, so the user can fix the call at once.
 */
public class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
