package dev.streampatterns.core.job;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The resolved values of a program's settings, each with the layer it came from
 * (default, properties file, environment or command line). Immutable.
 */
public final class Config {
    private final Map<Setting<?>, Object> values;
    private final Map<Setting<?>, String> origins;

    Config(Map<Setting<?>, Object> values, Map<Setting<?>, String> origins) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.origins = Collections.unmodifiableMap(new LinkedHashMap<>(origins));
    }

    /** The value of a setting this configuration was loaded with. */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        if (!values.containsKey(setting)) {
            throw new IllegalArgumentException(setting.option() + " is not a setting of this program");
        }
        return (T) values.get(setting);
    }

    /** Where the value of a setting came from: {@code default}, {@code file F}, {@code env VAR} or {@code command line}. */
    public String origin(Setting<?> setting) {
        return origins.get(setting);
    }

    /** Every setting that is not at its default, for a start-up line that says how a job was configured. */
    public String describeOverrides() {
        StringBuilder out = new StringBuilder();
        values.forEach((setting, value) -> {
            if (!"default".equals(origins.get(setting))) {
                if (out.length() > 0) {
                    out.append(", ");
                }
                out.append(setting.name()).append('=').append(value).append(" (").append(origins.get(setting)).append(')');
            }
        });
        return out.length() == 0 ? "all defaults" : out.toString();
    }
}
