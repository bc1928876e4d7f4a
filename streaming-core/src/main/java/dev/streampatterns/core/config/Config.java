package dev.streampatterns.core.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The resolved values of a program's settings, each with the layer it came from
 * (default, properties file, environment or command line). Immutable.
 */
public final class Config {
    private final Map<String, Setting<?>> settings = new LinkedHashMap<>();
    private final Map<String, Object> values;
    private final Map<String, String> origins;

    Config(Map<Setting<?>, Object> values, Map<Setting<?>, String> origins) {
        Map<String, Object> byName = new LinkedHashMap<>();
        Map<String, String> originByName = new LinkedHashMap<>();
        values.forEach((setting, value) -> {
            settings.put(setting.name(), setting);
            byName.put(setting.name(), value);
            originByName.put(setting.name(), origins.get(setting));
        });
        this.values = Collections.unmodifiableMap(byName);
        this.origins = Collections.unmodifiableMap(originByName);
    }

    /**
     * The value of a setting this configuration was loaded with, looked up by name: a program may
     * declare a variant of a shared setting (another default or environment variable) under the same name.
     */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        if (!values.containsKey(setting.name())) {
            throw new IllegalArgumentException(setting.option() + " is not a setting of this program");
        }
        return (T) values.get(setting.name());
    }

    /**
     * {@link #get}, or the setting's default when this program does not offer it: what a shared group
     * of options reads for a member that one program leaves out.
     */
    @SuppressWarnings("unchecked")
    public <T> T getOrDefault(Setting<T> setting) {
        return values.containsKey(setting.name()) ? (T) values.get(setting.name()) : setting.defaultValue();
    }

    /**
     * How a user gives this setting in this program, for a message ({@code --name or SSP_NAME or …}):
     * the program's own variant of it, with the variables that variant reads.
     */
    public String givenBy(Setting<?> setting) {
        return settings.getOrDefault(setting.name(), setting).givenBy();
    }

    /** Where the value of a setting came from: {@code default}, {@code file F}, {@code env VAR} or {@code command line}. */
    public String origin(Setting<?> setting) {
        return origins.get(setting.name());
    }

    /** Every setting that is not at its default, for a start-up line; secrets show as {@code ***}. */
    public String describeOverrides() {
        StringBuilder out = new StringBuilder();
        values.forEach((name, value) -> {
            if (!"default".equals(origins.get(name))) {
                if (out.length() > 0) {
                    out.append(", ");
                }
                Object shown = settings.get(name).isSecret() ? "***"
                        : value instanceof java.util.Optional<?> optional ? optional.map(Object::toString).orElse("(none)") : value;
                out.append(name).append('=').append(shown).append(" (").append(origins.get(name)).append(')');
            }
        });
        return out.length() == 0 ? "all defaults" : out.toString();
    }
}
