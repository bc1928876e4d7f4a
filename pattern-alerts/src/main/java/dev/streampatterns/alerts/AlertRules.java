package dev.streampatterns.alerts;

import dev.streampatterns.core.config.ConfigException;
import dev.streampatterns.core.config.Names;
import dev.streampatterns.core.config.ValueType;
import dev.streampatterns.core.sink.OutputFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The rules of an alerts job, read from a rules file: a Java properties file with one key per rule
 * field, {@code rule.<name>.<field> = value}. A rule is either a {@code route} (forward every alert
 * of some levels, {@link CriticalRouting}) or a {@code threshold} ({@link WindowedThreshold}).
 *
 * <pre>
 * rule.critical.type       = route
 * rule.critical.levels     = CRITICAL
 * rule.critical.topic      = streaming.alerts.critical
 *
 * rule.highvolume.type       = threshold
 * rule.highvolume.levels     = any
 * rule.highvolume.key-column = code
 * rule.highvolume.window     = 10s
 * rule.highvolume.watermark  = 10s
 * rule.highvolume.threshold  = 2
 * rule.highvolume.topic      = streaming.alerts.highvolume
 * rule.highvolume.format     = json
 * </pre>
 *
 * <p>Every field but {@code type} has a default ({@link #FIELDS}). A rule with an unknown field, a
 * field that does not apply to its type, or a value that does not parse fails the whole file at once,
 * with a message naming the file, the rule, the field and the accepted values. Rules are listed in
 * the order of their names.
 */
public final class AlertRules {
    /** The default rules of SPEC section 4, a rules file on the class path. */
    public static final String DEFAULT_RESOURCE = "/dev/streampatterns/alerts/default-rules.properties";
    public static final String DEFAULT_CRITICAL_TOPIC = "streaming.alerts.critical";
    public static final String DEFAULT_HIGHVOLUME_TOPIC = "streaming.alerts.highvolume";
    private static final String RULE_NAME = "[A-Za-z0-9][A-Za-z0-9_-]{0,99}";
    private static final String PREFIX = "rule.";
    private static final String ANY_LEVEL = "any";

    /** The kinds of rule. */
    public enum Type { ROUTE, THRESHOLD }

    /**
     * One field of a rule, {@code rule.<name>.<field>}: a {@link ValueType} bound to a key of the rules
     * file, so a bad value's message names the rule and the field, not a command-line option.
     *
     * @param defaultValue the value when the field is absent; null when it has none or depends on the type
     */
    public record Field<T>(String name, ValueType<T> type, T defaultValue, String description) {
    }

    static final Field<Type> TYPE = new Field<>("type", ValueType.choice(Type.class), null,
            "route: forward every alert of the levels; threshold: count per key in event-time windows");
    static final Field<String> LEVELS = new Field<>("levels", ValueType.validated(AlertRules::validLevels,
            "any, or one or more of " + String.join(", ", AlertColumns.LEVELS) + " separated by commas"), null,
            "the levels the rule reads (route default: CRITICAL; threshold default: any)");
    static final Field<String> KEY_COLUMN = new Field<>("key-column", ValueType.validated(
            AlertColumns.KEY_COLUMNS::contains, String.join(", ", AlertColumns.KEY_COLUMNS)),
            WindowedThreshold.DEFAULT_KEY_COLUMN, "threshold: the column counted per value");
    static final Field<Duration> WINDOW = new Field<>("window", ValueType.duration(Duration.ZERO),
            WindowedThreshold.DEFAULT_WINDOW, "threshold: length of the tumbling event-time windows");
    static final Field<Duration> WATERMARK = new Field<>("watermark", ValueType.duration(Duration.ZERO),
            WindowedThreshold.DEFAULT_WATERMARK, "threshold: how late an alert may arrive and still be counted");
    static final Field<Long> THRESHOLD = new Field<>("threshold", ValueType.longRange(0, Long.MAX_VALUE),
            WindowedThreshold.DEFAULT_THRESHOLD, "threshold: a window is published when its count is above this");
    static final Field<String> TOPIC = new Field<>("topic", ValueType.validated(Names::isTopic,
            "a Kafka topic name (letters, digits, '.', '_', '-')"), null,
            "the output topic (route default: " + DEFAULT_CRITICAL_TOPIC + "; threshold default: "
                    + DEFAULT_HIGHVOLUME_TOPIC + ")");
    static final Field<OutputFormat> FORMAT = new Field<>("format", ValueType.choice(OutputFormat.class),
            OutputFormat.JSON, "the format of the values");

    /** Every field of a rule, in the order of the docs. */
    public static final List<Field<?>> FIELDS = List.of(TYPE, LEVELS, KEY_COLUMN, WINDOW, WATERMARK, THRESHOLD,
            TOPIC, FORMAT);
    private static final List<Field<?>> ROUTE_FIELDS = List.of(TYPE, LEVELS, TOPIC, FORMAT);

    private final List<AlertRule> rules;

    private AlertRules(List<AlertRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The rules of SPEC section 4: CRITICAL alerts routed, and more than 2 alerts per code in 10 s. */
    public static AlertRules defaults() {
        try (InputStream in = AlertRules.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("default rules missing from the class path: " + DEFAULT_RESOURCE);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "default rules");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the default rules " + DEFAULT_RESOURCE, e);
        }
    }

    /** Reads a rules file. */
    public static AlertRules load(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(read(reader), "rules file " + file);
        } catch (IOException e) {
            throw new ConfigException("rules file " + file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /** Parses the text of a rules file; {@code source} names it in error messages. */
    public static AlertRules parse(String text, String source) {
        try {
            return parse(read(new StringReader(text)), source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rules by name, in name order. */
    public List<AlertRule> rules() {
        return rules;
    }

    /** The rule of that name. */
    public AlertRule rule(String name) {
        return rules.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("no rule '" + name + "'; rules: " + names()));
    }

    public List<String> names() {
        return rules.stream().map(AlertRule::name).collect(Collectors.toList());
    }

    /** A one-line description per rule, for a start-up log. */
    public String describe() {
        return rules.stream().map(AlertRules::describe).collect(Collectors.joining("; "));
    }

    private static String describe(AlertRule rule) {
        return rule.name() + ": " + rule.pattern().describe() + " -> " + rule.topic()
                + " (" + rule.format().name().toLowerCase(Locale.ROOT) + ")";
    }

    static String levelsText(List<String> levels) {
        return levels.isEmpty() ? "any level" : String.join("|", levels);
    }

    private static Properties read(Reader reader) throws IOException {
        Properties properties = new Properties();
        properties.load(reader);
        return properties;
    }

    private static AlertRules parse(Properties properties, String source) {
        Map<String, Map<String, String>> byRule = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            int dot = key.lastIndexOf('.');
            if (!key.startsWith(PREFIX) || dot <= PREFIX.length()) {
                throw new ConfigException(source + ": key '" + key + "' is not a rule field; keys look like "
                        + "rule.<name>.<field>, fields: " + fieldNames(FIELDS));
            }
            String name = key.substring(PREFIX.length(), dot);
            if (!name.matches(RULE_NAME)) {
                throw new ConfigException(source + ": rule name '" + name + "' (key '" + key + "'); accepted: "
                        + "letters, digits, '_' and '-', starting with a letter or digit");
            }
            byRule.computeIfAbsent(name, n -> new TreeMap<>()).put(key.substring(dot + 1), properties.getProperty(key).trim());
        }
        if (byRule.isEmpty()) {
            throw new ConfigException(source + ": no rules; a rule is a set of keys rule.<name>.<field>, at least "
                    + "rule.<name>.type");
        }
        List<AlertRule> rules = new ArrayList<>();
        byRule.forEach((name, fields) -> rules.add(new RuleFields(source, name, fields).toRule()));
        return new AlertRules(rules);
    }

    private static String fieldNames(List<Field<?>> fields) {
        return fields.stream().map(Field::name).collect(Collectors.joining(", "));
    }

    private static boolean validLevels(String raw) {
        List<String> levels = splitLevels(raw);
        return !levels.isEmpty() && (levels.equals(List.of(ANY_LEVEL)) || AlertColumns.LEVELS.containsAll(levels));
    }

    private static List<String> splitLevels(String raw) {
        return Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> s.equalsIgnoreCase(ANY_LEVEL) ? ANY_LEVEL : s.toUpperCase(Locale.ROOT))
                .distinct().collect(Collectors.toList());
    }

    /** The raw fields of one rule, turned into a rule with messages that name the rule and the field. */
    private record RuleFields(String source, String name, Map<String, String> raw) {

        AlertRule toRule() {
            if (!raw.containsKey(TYPE.name())) {
                throw new ConfigException(where(TYPE) + "missing; accepted: " + TYPE.type().accepted().orElseThrow());
            }
            Type type = get(TYPE);
            List<Field<?>> allowed = type == Type.ROUTE ? ROUTE_FIELDS : FIELDS;
            for (String field : raw.keySet()) {
                if (allowed.stream().noneMatch(s -> s.name().equals(field))) {
                    String problem = FIELDS.stream().anyMatch(s -> s.name().equals(field))
                            ? "does not apply to a " + type.name().toLowerCase(Locale.ROOT) + " rule"
                            : "unknown field";
                    throw new ConfigException(source + ": rule '" + name + "', field '" + field + "': " + problem
                            + "; fields of a " + type.name().toLowerCase(Locale.ROOT) + " rule: " + fieldNames(allowed));
                }
            }
            String levelsRaw = raw.containsKey(LEVELS.name()) ? get(LEVELS)
                    : type == Type.ROUTE ? CriticalRouting.DEFAULT_LEVEL : ANY_LEVEL;
            List<String> levels = splitLevels(levelsRaw);
            levels = levels.equals(List.of(ANY_LEVEL)) ? List.of() : levels;
            OutputFormat format = get(FORMAT);
            if (type == Type.ROUTE) {
                return new AlertRule(new CriticalRouting(name, levels), topic(DEFAULT_CRITICAL_TOPIC), format);
            }
            Duration window = get(WINDOW);
            if (window.toMillis() < 1) {
                throw new ConfigException(where(WINDOW) + "'" + raw.get(WINDOW.name()) + "' is not positive; accepted: "
                        + "a duration of at least 1ms, such as 10s");
            }
            Duration watermark = get(WATERMARK);
            if (watermark.isNegative()) {
                throw new ConfigException(where(WATERMARK) + "'" + raw.get(WATERMARK.name()) + "' is negative; accepted: "
                        + "0 or a positive duration, such as 10s");
            }
            return new AlertRule(new WindowedThreshold(name, levels, get(KEY_COLUMN), window, watermark, get(THRESHOLD)),
                    topic(DEFAULT_HIGHVOLUME_TOPIC), format);
        }

        private String topic(String defaultTopic) {
            return raw.containsKey(TOPIC.name()) ? get(TOPIC) : defaultTopic;
        }

        /** The field's value, or its default when absent; a value that does not parse names the rule and field. */
        private <T> T get(Field<T> field) {
            String value = raw.get(field.name());
            if (value == null) {
                return field.defaultValue();
            }
            try {
                return field.type().parse(value);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(where(field) + "invalid value '" + value + "'; accepted: "
                        + field.type().accepted().orElse("see the docs"));
            }
        }

        private String where(Field<?> field) {
            return source + ": rule '" + name + "', field '" + field.name() + "': ";
        }
    }
}
