package dev.streampatterns.servers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class KafkaBrokerExtensionTest {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void injectsTheRunningBroker(EmbeddedKafkaBroker broker) {
        assertThat(broker).isSameAs(KAFKA.broker());
        assertThat(KAFKA.bootstrapServers()).isEqualTo(broker.bootstrapServers()).startsWith("127.0.0.1:");
    }

    @Test
    void brokerAcceptsRecordsOnACreatedTopic() throws Exception {
        KAFKA.createTopic("extension-topic", 2);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            var metadata = producer.send(new ProducerRecord<>("extension-topic", 1, "k", "v")).get(30, TimeUnit.SECONDS);
            assertThat(metadata.partition()).isEqualTo(1);
        }
    }

    @Nested
    class NestedClass {

        @Test
        void sharesTheOuterBroker(EmbeddedKafkaBroker broker) {
            assertThat(broker).isSameAs(KAFKA.broker());
        }
    }
}
