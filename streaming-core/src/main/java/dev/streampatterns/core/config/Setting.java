package dev.streampatterns.core.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

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
    private final Function<String, T> parser;
    private final String accepted;
    /** The variables the value is read from, the first set one winning: {@code SSP_<NAME>}, then others. */
    private final List<String> envVars;
    private final boolean secret;

    private Setting(String name, String description, T defaultValue, Function<String, T> parser,
                    String accepted, List<String> envVars) {
        this(name, description, defaultValue, parser, accepted, envVars, false);
    }

    private Setting(String name, String description, T defaultValue, Function<String, T> parser,
                    String accepted, List<String> envVars, boolean secret) {
        if (!name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("setting names are lower-case words joined by '-': " + name);
        }
        this.name = name;
        this.description = Objects.requireNonNull(description, "description");
        this.defaultValue = defaultValue;
        this.parser = parser;
        this.accepted = accepted;
        this.envVars = envVars != null ? List.copyOf(envVars)
                : List.of("SSP_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
        this.secret = secret;
    }

    public static Setting<String> string(String name, String defaultValue, String description) {
        return new Setting<>(name, description, defaultValue, s -> s, null, null);
    }

    /**
     * A string that may be absent: empty by default, and a blank value reads as empty too, so that
     * "none" is {@link Optional#empty()} for every caller instead of an empty string each one checks.
     */
    public static Setting<Optional<String>> optionalString(String name, String description) {
        return new Setting<>(name, description, Optional.empty(),
                raw -> raw.isBlank() ? Optional.empty() : Optional.of(raw.trim()), null, null);
    }

    public static Setting<Boolean> bool(String name, boolean defaultValue, String description) {
        return new Setting<>(name, description, defaultValue, raw -> {
            switch (raw.trim().toLowerCase(Locale.ROOT)) {
                case "true": case "yes": case "1": return true;
                case "false": case "no": case "0": return false;
                default: throw new IllegalArgumentException("not a boolean");
            }
        }, "true, false", null);
    }

    public static Setting<Long> longValue(String name, long defaultValue, long min, long max, String description) {
        return new Setting<>(name, description, defaultValue, raw -> {
            long value = Long.parseLong(raw.trim().replace("_", ""));
            if (value < min || value > max) {
                throw new IllegalArgumentException("out of range");
            }
            return value;
        }, "a whole number from " + min + " to " + max, null);
    }

    public static Setting<Integer> intValue(String name, int defaultValue, int min, int max, String description) {
        return new Setting<>(name, description, defaultValue, raw -> {
            int value = Integer.parseInt(raw.trim().replace("_", ""));
            if (value < min || value > max) {
                throw new IllegalArgumentException("out of range");
            }
            return value;
        }, "a whole number from " + min + " to " + max, null);
    }

    public static Setting<Double> doubleValue(String name, double defaultValue, double min, double max,
                                              String description) {
        return new Setting<>(name, description, defaultValue, raw -> {
            double value = Double.parseDouble(raw.trim());
            if (!(value >= min && value <= max)) {
                throw new IllegalArgumentException("out of range");
            }
            return value;
        }, "a number from " + min + " to " + max, null);
    }

    /**
     * A duration of zero or more, written as {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h} or
     * ISO-8601 ({@code PT10S}).
     */
    public static Setting<Duration> duration(String name, Duration defaultValue, String description) {
        return duration(name, defaultValue, Duration.ZERO, description);
    }

    /** A duration of at least {@code min}, checked when the setting is read, before anything starts. */
    public static Setting<Duration> duration(String name, Duration defaultValue, Duration min, String description) {
        String accepted = "a duration" + (min.isZero() ? "" : " of at least " + describe(min))
                + " such as 500ms, 10s, 5m, 1h";
        return new Setting<>(name, description, defaultValue, raw -> {
            Duration value = parseDuration(raw);
            if (value.compareTo(min) < 0) {
                throw new IllegalArgumentException("below " + min);
            }
            return value;
        }, accepted, null);
    }

    private static String describe(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }

    /** One of the constants of an enum, matched without regard to case. */
    public static <E extends Enum<E>> Setting<E> choice(String name, Class<E> type, E defaultValue,
                                                        String description) {
        String accepted = Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
        return new Setting<>(name, description, defaultValue,
                raw -> Enum.valueOf(type, raw.trim().toUpperCase(Locale.ROOT).replace('-', '_')), accepted, null);
    }

    /** A string that must satisfy a rule, described for the user by {@code accepted}. */
    public static Setting<String> validated(String name, String defaultValue, Predicate<String> rule,
                                            String accepted, String description) {
        return new Setting<>(name, description, defaultValue, raw -> {
            if (!rule.test(raw)) {
                throw new IllegalArgumentException("rejected");
            }
            return raw;
        }, accepted, null);
    }

    /**
     * The same setting read from one more environment variable (for example the seed's
     * {@code KAFKA_BROKER}) when the project's own ({@code SSP_<NAME>}) is not set: the project's wins.
     */
    public Setting<T> alsoEnv(String variable) {
        List<String> more = new java.util.ArrayList<>(envVars);
        more.add(variable);
        return new Setting<>(name, description, defaultValue, parser, accepted, more, secret);
    }

    /** The same setting with another default. */
    public Setting<T> withDefault(T value) {
        return new Setting<>(name, description, value, parser, accepted, envVars, secret);
    }

    /** The same setting marked secret (a password): its value is never shown, in help, logs or errors. */
    public Setting<T> secret() {
        return new Setting<>(name, description, defaultValue, parser, accepted, envVars, true);
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
        return Optional.ofNullable(accepted);
    }

    boolean isFlag() {
        return defaultValue instanceof Boolean;
    }

    /** Parses a raw value; the error names the setting, where the value came from and what is accepted. */
    public T parse(String raw, String origin) {
        try {
            return parser.apply(raw);
        } catch (RuntimeException e) {
            String hint = accepted != null ? "; accepted: " + accepted : "";
            String shown = secret ? "***" : raw;
            throw new ConfigException(option() + " (from " + origin + "): invalid value '" + shown + "'" + hint);
        }
    }

    static Duration parseDuration(String raw) {
        String s = raw.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("p")) {
                return Duration.parse(raw.trim().toUpperCase(Locale.ROOT));
            }
            if (s.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).trim()));
            }
            long amount = Long.parseLong(s.substring(0, s.length() - 1).trim());
            switch (s.charAt(s.length() - 1)) {
                case 's': return Duration.ofSeconds(amount);
                case 'm': return Duration.ofMinutes(amount);
                case 'h': return Duration.ofHours(amount);
                default: throw new IllegalArgumentException("unknown unit");
            }
        } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public String toString() {
        return option();
    }
}
