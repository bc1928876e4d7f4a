package dev.streampatterns.core.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streampatterns.core.config.ConfigException;
import org.junit.jupiter.api.Test;

class KafkaSourceOptionsTest {

    @Test
    void buildsSparkOptionsWithPassThroughKafkaSettings() {
        KafkaSourceOptions options = KafkaSourceOptions.builder()
                .bootstrapServers("b1:9092,b2:9093").topics("a", "b").startingOffsets("latest")
                .maxOffsetsPerTrigger(1000).kafka("security.protocol", "SASL_SSL")
                .kafka("kafka.sasl.mechanism", "PLAIN").build();

        assertThat(options.toSparkOptions())
                .containsEntry("kafka.bootstrap.servers", "b1:9092,b2:9093")
                .containsEntry("subscribe", "a,b")
                .containsEntry("startingOffsets", "latest")
                .containsEntry("maxOffsetsPerTrigger", "1000")
                .containsEntry("failOnDataLoss", "true")
                .containsEntry("kafka.security.protocol", "SASL_SSL")
                .containsEntry("kafka.sasl.mechanism", "PLAIN")
                .doesNotContainKey("subscribePattern");
    }

    @Test
    void pollsLargeUnlessTold() {
        KafkaSourceOptions defaults = KafkaSourceOptions.builder().bootstrapServers("h:1").topics("t").build();
        assertThat(defaults.toSparkOptions())
                .containsEntry("kafka.max.poll.records", "20000")
                .containsEntry("kafka.max.partition.fetch.bytes", String.valueOf(8 * 1024 * 1024));

        KafkaSourceOptions told = KafkaSourceOptions.builder().bootstrapServers("h:1").topics("t")
                .kafka("max.poll.records", "500").build();
        assertThat(told.toSparkOptions()).containsEntry("kafka.max.poll.records", "500");
    }

    @Test
    void rejectsWhatSparkWouldRejectLaterNamingTheOption() {
        assertThatThrownBy(() -> KafkaSourceOptions.builder().topics("t").build())
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("bootstrap-servers: missing");
        assertThatThrownBy(() -> KafkaSourceOptions.builder().bootstrapServers("nohost").topics("t").build())
                .hasMessage("bootstrap-servers: 'nohost' is not host:port");
        assertThatThrownBy(() -> KafkaSourceOptions.builder().bootstrapServers("h:1").build())
                .hasMessage("topics: give either a list of topics or a topic pattern, not neither");
        assertThatThrownBy(() -> KafkaSourceOptions.builder().bootstrapServers("h:1").topics("t").topicPattern("x.*").build())
                .hasMessage("topics: give either a list of topics or a topic pattern, not both");
        assertThatThrownBy(() -> KafkaSourceOptions.builder().bootstrapServers("h:1").topics("bad topic").build())
                .hasMessageStartingWith("topics: 'bad topic' is not a valid Kafka topic name");
        assertThatThrownBy(() -> KafkaSourceOptions.builder().bootstrapServers("h:1").topics("t").startingOffsets("first").build())
                .hasMessageStartingWith("starting-offsets: 'first'; accepted: earliest, latest");
        assertThatThrownBy(() -> KafkaSourceOptions.builder().bootstrapServers("h:1").topics("t").maxOffsetsPerTrigger(0).build())
                .hasMessage("max-offsets-per-trigger: 0 must be positive");
        assertThatThrownBy(() -> KafkaSourceOptions.builder().bootstrapServers("h:1").topics("t").kafka("group.id", "g").build())
                .hasMessage("kafka.group.id cannot be set: Spark's Kafka source manages it");
    }
}
