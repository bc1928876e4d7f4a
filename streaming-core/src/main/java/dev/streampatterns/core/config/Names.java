package dev.streampatterns.core.config;

import java.util.regex.Pattern;

/**
 * The names a job gives things, checked in one place: Kafka topics (Kafka's own rule) and the names
 * of sinks and queries, which end up in keys, table rows and folder names.
 */
public final class Names {
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    private static final Pattern SINK_OR_QUERY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    private Names() {
    }

    /** Whether Kafka accepts {@code topic} as a topic name: letters, digits, '.', '_', '-', at most 249. */
    public static boolean isTopic(String topic) {
        return topic != null && TOPIC.matcher(topic).matches();
    }

    /**
     * Returns {@code topic} if Kafka accepts it as a topic name.
     *
     * @throws ConfigException naming {@code setting} and the rule otherwise
     */
    public static String topic(String setting, String topic) {
        if (!isTopic(topic)) {
            throw new ConfigException(setting + ": '" + topic + "' is not a valid Kafka topic name "
                    + "(letters, digits, '.', '_', '-', at most 249)");
        }
        return topic;
    }

    /**
     * Returns {@code name} if it is a valid sink or query name.
     *
     * @throws ConfigException naming {@code what} and the rule otherwise
     */
    public static String sinkOrQuery(String what, String name) {
        if (name == null || !SINK_OR_QUERY.matcher(name).matches()) {
            throw new ConfigException(what + " '" + name + "': letters, digits, '.', '_' or '-', starting with a "
                    + "letter or digit, at most 200");
        }
        return name;
    }
}
