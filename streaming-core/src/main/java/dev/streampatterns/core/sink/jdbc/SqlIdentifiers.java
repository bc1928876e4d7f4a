package dev.streampatterns.core.sink.jdbc;

import dev.streampatterns.core.config.ConfigException;

/**
 * Table and column names are the one part of a statement that cannot be a bound parameter, so they
 * are checked against a strict pattern before they reach any SQL: letters, digits and underscores,
 * not starting with a digit, optionally one schema prefix, at most 63 characters a part.
 */
public final class SqlIdentifiers {
    private static final String PART = "[A-Za-z_][A-Za-z0-9_]{0,62}";

    private SqlIdentifiers() {
    }

    /** Returns the name if valid; otherwise fails naming the option it came from. */
    public static String require(String option, String name) {
        if (name == null || !name.matches(PART + "(\\." + PART + ")?")) {
            throw new ConfigException(option + ": '" + name + "' is not a valid SQL identifier "
                    + "(letters, digits and _, not starting with a digit, optionally schema.name)");
        }
        return name;
    }
}
