package dev.streampatterns.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One typed, documented setting with a default: the unit of configuration of every job and example.
 *
 * <p>A setting has a command-line name ({@code --bootstrap-servers}), the same key in a properties
 * file ({@code bootstrap-servers=...}) and an environment variable ({@code SSP_BOOTSTRAP_SERVERS},
 * and others a chapter honours too with {@link #alsoEnv(String)}, such as a seed's {@code KAFKA_BROKER}). Parsing and validation happen once, at
 * start, and a bad value fails with a message that names the setting and the accepted values.
 *
 * @param <T> the value type
 */
public final class Setting<T> {
    private final String name;
    private final String description;
    private final T defaultValue;
    private final ValueType<T> type;
    /** The variables the value is read from, the first set one winning: {@code SSP_<NAME>}, then others. */
    private final List<String> envVars;
    private final boolean secret;

    private Setting(String name, String description, T defaultValue, ValueType<T> type, List<String> envVars,
                    boolean secret) {
        if (!name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("setting names are lower-case words joined by '-': " + name);
        }
        this.name = name;
        this.description = Objects.requireNonNull(description, "description");
        this.defaultValue = defaultValue;
        this.type = Objects.requireNonNull(type, "type");
        this.envVars = envVars != null ? List.copyOf(envVars)
                : List.of("SSP_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
        this.secret = secret;
    }

    /** A setting of any type: a {@link ValueType} bound to {@code --name} and {@code SSP_<NAME>}. */
    public static <T> Setting<T> of(String name, ValueType<T> type, T defaultValue, String description) {
        return new Setting<>(name, description, defaultValue, type, null, false);
    }

    public static Setting<String> string(String name, String defaultValue, String description) {
        return of(name, ValueType.text(), defaultValue, description);
    }

    /**
     * A string that may be absent: empty by default, and a blank value reads as empty too, so that
     * "none" is {@link Optional#empty()} for every caller instead of an empty string each one checks.
     */
    public static Setting<Optional<String>> optionalString(String name, String description) {
        return of(name, ValueType.optionalText(), Optional.empty(), description);
    }

    public static Setting<Boolean> bool(String name, boolean defaultValue, String description) {
        return of(name, ValueType.bool(), defaultValue, description);
    }

    public static Setting<Long> longValue(String name, long defaultValue, long min, long max, String description) {
        return of(name, ValueType.longRange(min, max), defaultValue, description);
    }

    public static Setting<Integer> intValue(String name, int defaultValue, int min, int max, String description) {
        return of(name, ValueType.intRange(min, max), defaultValue, description);
    }

    public static Setting<Double> doubleValue(String name, double defaultValue, double min, double max,
                                              String description) {
        return of(name, ValueType.doubleRange(min, max), defaultValue, description);
    }

    /** A duration of zero or more: see {@link ValueType#duration}. */
    public static Setting<Duration> duration(String name, Duration defaultValue, String description) {
        return duration(name, defaultValue, Duration.ZERO, description);
    }

    /** A duration of at least {@code min}, checked when the setting is read, before anything starts. */
    public static Setting<Duration> duration(String name, Duration defaultValue, Duration min, String description) {
        return of(name, ValueType.duration(min), defaultValue, description);
    }

    /** One of the constants of an enum, matched without regard to case. */
    public static <E extends Enum<E>> Setting<E> choice(String name, Class<E> type, E defaultValue,
                                                        String description) {
        return of(name, ValueType.choice(type), defaultValue, description);
    }

    /** A string that must satisfy a rule, described for the user by {@code accepted}. */
    public static Setting<String> validated(String name, String defaultValue, Predicate<String> rule,
                                            String accepted, String description) {
        return of(name, ValueType.validated(rule, accepted), defaultValue, description);
    }

    /**
     * The same setting read from one more environment variable (for example the seed's
     * {@code KAFKA_BROKER}) when the project's own ({@code SSP_<NAME>}) is not set: the project's wins.
     */
    public Setting<T> alsoEnv(String variable) {
        List<String> more = new java.util.ArrayList<>(envVars);
        more.add(variable);
        return new Setting<>(name, description, defaultValue, type, more, secret);
    }

    /** The same setting with another default. */
    public Setting<T> withDefault(T value) {
        return new Setting<>(name, description, value, type, envVars, secret);
    }

    /** The same setting marked secret (a password): its value is never shown, in help, logs or errors. */
    public Setting<T> secret() {
        return new Setting<>(name, description, defaultValue, type, envVars, true);
    }

    public boolean isSecret() {
        return secret;
    }

    public String name() {
        return name;
    }

    public String option() {
        return "--" + name;
    }

    /** The project's variable, {@code SSP_<NAME>}. */
    public String envVar() {
        return envVars.get(0);
    }

    /** Every variable the setting is read from, the first set one winning. */
    public List<String> envVars() {
        return envVars;
    }

    public String description() {
        return description;
    }

    /** Where a value of this setting comes from, for a message: {@code "--name or ENV_VAR"}. */
    public String givenBy() {
        return option() + " or " + String.join(" or ", envVars);
    }

    public T defaultValue() {
        return defaultValue;
    }

    public Optional<String> accepted() {
        return type.accepted();
    }

    /** The value's type, apart from this setting's option and variables. */
    public ValueType<T> type() {
        return type;
    }

    boolean isFlag() {
        return defaultValue instanceof Boolean;
    }

    /** Parses a raw value; the error names the setting, where the value came from and what is accepted. */
    public T parse(String raw, String origin) {
        try {
            return type.parse(raw);
        } catch (IllegalArgumentException e) {
            String hint = type.accepted().map(a -> "; accepted: " + a).orElse("");
            String shown = secret ? "***" : raw;
            throw new ConfigException(option() + " (from " + origin + "): invalid value '" + shown + "'" + hint);
        }
    }

    @Override
    public String toString() {
        return option();
    }
}
