package dev.streampatterns.core.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What a value of configuration is, apart from where its text comes from: how the text parses and
 * which texts are accepted, described for a person. A {@link Setting} binds one to a command-line
 * option, a properties key and environment variables; a file of its own (the alert rules) binds it to
 * its own keys, and its errors then name those keys, not an option.
 *
 * @param <T> the parsed value's type
 */
public final class ValueType<T> {
    private final Function<String, T> parser;
    private final String accepted;

    private ValueType(Function<String, T> parser, String accepted) {
        this.parser = Objects.requireNonNull(parser, "parser");
        this.accepted = accepted;
    }

    /** Any text, as it is. */
    public static ValueType<String> text() {
        return new ValueType<>(raw -> raw, null);
    }

    /** Text that may be absent: a blank value is {@link Optional#empty()}, anything else is trimmed. */
    public static ValueType<Optional<String>> optionalText() {
        return new ValueType<>(raw -> raw.isBlank() ? Optional.empty() : Optional.of(raw.trim()), null);
    }

    /** {@code true}, {@code yes}, {@code 1} or {@code false}, {@code no}, {@code 0}, in any case. */
    public static ValueType<Boolean> bool() {
        return new ValueType<>(raw -> switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException("not a boolean");
        }, "true, false");
    }

    /** A whole number from {@code min} to {@code max}; {@code _} may group digits ({@code 1_000_000}). */
    public static ValueType<Long> longRange(long min, long max) {
        return new ValueType<>(raw -> inRange(Long.parseLong(raw.trim().replace("_", "")), min, max),
                "a whole number from " + min + " to " + max);
    }

    /** {@link #longRange} for an int. */
    public static ValueType<Integer> intRange(int min, int max) {
        return new ValueType<>(raw -> inRange(Integer.parseInt(raw.trim().replace("_", "")), min, max),
                "a whole number from " + min + " to " + max);
    }

    /** A number from {@code min} to {@code max}; NaN is refused. */
    public static ValueType<Double> doubleRange(double min, double max) {
        return new ValueType<>(raw -> {
            double value = Double.parseDouble(raw.trim());
            if (!(value >= min && value <= max)) {
                throw new IllegalArgumentException("out of range");
            }
            return value;
        }, "a number from " + min + " to " + max);
    }

    /**
     * A duration of at least {@code min}, written as {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}
     * or ISO-8601 ({@code PT10S}).
     */
    public static ValueType<Duration> duration(Duration min) {
        String accepted = "a duration" + (min.isZero() ? "" : " of at least " + describe(min))
                + " such as 500ms, 10s, 5m, 1h";
        return new ValueType<>(raw -> inRange(parseDuration(raw), min, null), accepted);
    }

    /** One of the constants of an enum, matched without regard to case, {@code -} standing for {@code _}. */
    public static <E extends Enum<E>> ValueType<E> choice(Class<E> type) {
        String accepted = Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
        return new ValueType<>(raw -> Enum.valueOf(type, raw.trim().toUpperCase(Locale.ROOT).replace('-', '_')),
                accepted);
    }

    /** Text that must satisfy a rule, described for a person by {@code accepted}. */
    public static ValueType<String> validated(Predicate<String> rule, String accepted) {
        return new ValueType<>(raw -> {
            if (!rule.test(raw)) {
                throw new IllegalArgumentException("rejected");
            }
            return raw;
        }, Objects.requireNonNull(accepted, "accepted"));
    }

    /**
     * Parses a text.
     *
     * @throws IllegalArgumentException when the text is not one of the accepted values; the caller,
     *                                  who knows where the text came from, words the message
     */
    public T parse(String raw) {
        try {
            return parser.apply(raw);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The accepted values, for a person; empty when any text is. */
    public Optional<String> accepted() {
        return Optional.ofNullable(accepted);
    }

    private static <N extends Comparable<N>> N inRange(N value, N min, N max) {
        if (value.compareTo(min) < 0 || (max != null && value.compareTo(max) > 0)) {
            throw new IllegalArgumentException("out of range");
        }
        return value;
    }

    private static String describe(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
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
            return switch (s.charAt(s.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> throw new IllegalArgumentException("unknown unit");
            };
        } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
