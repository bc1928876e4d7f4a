package dev.streampatterns.core.source;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * An admin client for the cluster a source reads or a sink writes, built from the same
 * {@code kafka.}-prefixed settings Spark's Kafka options take (security, for example), so that the
 * checks a job makes before it starts talk to the cluster as the job will.
 */
public final class KafkaAdmins {

    private KafkaAdmins() {
    }

    /**
     * A new admin client (the caller closes it) for {@code bootstrapServers}, with the admin-client
     * settings among {@code kafkaSettings} and every request limited to {@code timeout}.
     */
    public static Admin create(String bootstrapServers, Map<String, String> kafkaSettings, Duration timeout) {
        Map<String, Object> config = new HashMap<>();
        kafkaSettings.forEach((key, value) -> {
            String name = key.startsWith("kafka.") ? key.substring("kafka.".length()) : key;
            if (AdminClientConfig.configNames().contains(name)) {
                config.put(name, value);
            }
        });
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // Both: the admin client takes the larger of the two as its limit.
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        return Admin.create(config);
    }
}
