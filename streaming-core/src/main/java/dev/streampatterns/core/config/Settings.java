package dev.streampatterns.core.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The settings a program accepts, and how they are layered:
 * defaults &lt; properties file ({@code --config FILE}) &lt; environment &lt; command line.
 *
 * <p>Unknown options and unknown keys in the properties file are errors, not silently ignored,
 * because a misspelt option that is ignored runs a job with a configuration nobody asked for.
 */
public final class Settings {
    /** The properties file to read; itself only accepted on the command line or as {@code SSP_CONFIG}. */
    public static final String CONFIG_OPTION = "--config";
    public static final String CONFIG_ENV = "SSP_CONFIG";

    private final String program;
    private final String summary;
    private final Map<String, Setting<?>> byName = new LinkedHashMap<>();

    public Settings(String program, String summary, List<Setting<?>> settings) {
        this.program = program;
        this.summary = summary;
        for (Setting<?> setting : settings) {
            if (byName.put(setting.name(), setting) != null) {
                throw new IllegalArgumentException("setting declared twice: " + setting.option());
            }
        }
    }

    public Settings(String program, String summary, Setting<?>... settings) {
        this(program, summary, Arrays.asList(settings));
    }

    /** True when the arguments ask for help rather than a run. */
    public static boolean wantsHelp(String[] args) {
        return Arrays.stream(args).anyMatch(a -> a.equals("--help") || a.equals("-h"));
    }

    /** Loads the settings from the process environment and the given arguments. */
    public Config load(String[] args) {
        return load(args, System.getenv());
    }

    public Config load(String[] args, Map<String, String> environment) {
        Map<String, String> cli = parseArguments(args);
        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        Map<Setting<?>, String> origins = new HashMap<>();
        for (Setting<?> setting : byName.values()) {
            values.put(setting, setting.defaultValue());
            origins.put(setting, "default");
        }

        String configFile = cli.remove(CONFIG_OPTION);
        if (configFile == null) {
            configFile = environment.get(CONFIG_ENV);
        }
        if (configFile != null) {
            Properties file = readProperties(Path.of(configFile));
            for (String key : file.stringPropertyNames()) {
                Setting<?> setting = byName.get(key);
                if (setting == null) {
                    throw new ConfigException("unknown key '" + key + "' in " + configFile + "; known keys: "
                            + String.join(", ", byName.keySet()));
                }
                apply(setting, file.getProperty(key), "file " + configFile, values, origins);
            }
        }
        for (Setting<?> setting : byName.values()) {
            for (String variable : setting.envVars()) {
                String raw = environment.get(variable);
                if (raw != null && !raw.isEmpty()) {
                    apply(setting, raw, "env " + variable, values, origins);
                    break;
                }
            }
        }
        for (Map.Entry<String, String> entry : cli.entrySet()) {
            Setting<?> setting = byName.get(entry.getKey().substring(2));
            apply(setting, entry.getValue(), "command line", values, origins);
        }
        return new Config(values, origins);
    }

    private static void apply(Setting<?> setting, String raw, String origin,
                              Map<Setting<?>, Object> values, Map<Setting<?>, String> origins) {
        values.put(setting, setting.parse(raw, origin));
        origins.put(setting, origin);
    }

    private Map<String, String> parseArguments(String[] args) {
        Map<String, String> result = new LinkedHashMap<>();
        List<String> queue = new ArrayList<>(Arrays.asList(args));
        while (!queue.isEmpty()) {
            String arg = queue.remove(0);
            if (!arg.startsWith("--")) {
                throw new ConfigException("unexpected argument '" + arg + "'; options look like --name value. " + helpHint());
            }
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            Setting<?> setting = byName.get(name.substring(2));
            if (setting == null && !name.equals(CONFIG_OPTION)) {
                throw new ConfigException("unknown option " + name + ". " + helpHint());
            }
            if (value == null) {
                boolean flagWithoutValue = setting != null && setting.isFlag()
                        && (queue.isEmpty() || queue.get(0).startsWith("--"));
                if (flagWithoutValue) {
                    value = "true";
                } else if (queue.isEmpty() || isOption(queue.get(0))) {
                    // "--bootstrap-servers --events 0": the next word is an option, not this one's value.
                    throw new ConfigException(name + " needs a value. " + helpHint());
                } else {
                    value = queue.remove(0);
                }
            }
            result.put(name, value);
        }
        return result;
    }

    private boolean isOption(String word) {
        String name = word.startsWith("--") ? word.substring(2).split("=", 2)[0] : null;
        return name != null && (byName.containsKey(name) || word.startsWith(CONFIG_OPTION));
    }

    private String helpHint() {
        return "Run " + program + " --help to list the options.";
    }

    private static Properties readProperties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException(CONFIG_OPTION + ": cannot read properties file " + file + ": " + e.getMessage(), e);
        }
        return properties;
    }

    /** The text of {@code --help}: every setting with its default, accepted values and environment variable. */
    public String help() {
        StringBuilder out = new StringBuilder();
        out.append("Usage: ").append(program).append(" [options]\n\n").append(summary).append("\n\nOptions:\n");
        for (Setting<?> s : byName.values()) {
            out.append(String.format("  %-28s %s%n", s.option() + (s.isFlag() ? "" : " VALUE"), s.description()));
            StringBuilder detail = new StringBuilder("default: ")
                    .append(s.isSecret() ? "(none shown)" : describeDefault(s.defaultValue()));
            s.accepted().ifPresent(a -> detail.append("; accepted: ").append(a));
            detail.append("; env: ").append(String.join(", else ", s.envVars()));
            out.append(String.format("  %-28s (%s)%n", "", detail));
        }
        out.append(String.format("  %-28s %s%n", CONFIG_OPTION + " FILE",
                "read settings from a properties file (keys are the option names without --); env: " + CONFIG_ENV));
        out.append(String.format("  %-28s %s%n", "--help", "print this help"));
        out.append("\nPrecedence: defaults < properties file < environment < command line.\n");
        return out.toString();
    }

    private static String describeDefault(Object value) {
        if (value instanceof java.util.Optional<?> optional) {
            value = optional.orElse(null);
        }
        if (value == null || (value instanceof String && ((String) value).isEmpty())) {
            return "(none)";
        }
        return String.valueOf(value);
    }
}
