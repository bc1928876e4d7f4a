package dev.streampatterns.generators;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class ProducerFactoryTest {

    @Test
    void durableAndBatchingDefaults() {
        Map<String, Object> config = ProducerFactory.config("127.0.0.1:9092", Map.of());

        assertThat(config)
                .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092")
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 5)
                .containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, 262_144)
                .containsEntry(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)
                .containsEntry(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        assertThat((String) config.get(ProducerConfig.CLIENT_ID_CONFIG)).startsWith("stream-patterns-generator-");
    }

    @Test
    void overridesWinAndClientIdsAreUnique() {
        Map<String, Object> first = ProducerFactory.config("b:1", Map.of(ProducerConfig.LINGER_MS_CONFIG, 50));
        Map<String, Object> second = ProducerFactory.config("b:1", Map.of());

        assertThat(first).containsEntry(ProducerConfig.LINGER_MS_CONFIG, 50);
        assertThat(first.get(ProducerConfig.CLIENT_ID_CONFIG)).isNotEqualTo(second.get(ProducerConfig.CLIENT_ID_CONFIG));
        assertThat(ProducerFactory.config("b:1", Map.of(ProducerConfig.CLIENT_ID_CONFIG, "mine")))
                .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "mine");
    }
}
