package dev.streampatterns.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EmbeddedKafkaMainTest {

    @Test
    void noArgumentsMeansAnyFreePort() {
        assertThat(EmbeddedKafkaMain.parsePort(new String[0])).isZero();
    }

    @Test
    void portOptionIsParsed() {
        assertThat(EmbeddedKafkaMain.parsePort(new String[] {"--port", "19092"})).isEqualTo(19092);
    }

    @Test
    void helpIsRecognised() {
        assertThat(EmbeddedKafkaMain.parsePort(new String[] {"--help"})).isNegative();
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> EmbeddedKafkaMain.parsePort(new String[] {"--port"})).hasMessageContaining("--port");
        assertThatThrownBy(() -> EmbeddedKafkaMain.parsePort(new String[] {"--port", "x"})).hasMessageContaining("--port");
        assertThatThrownBy(() -> EmbeddedKafkaMain.parsePort(new String[] {"--port", "70000"})).hasMessageContaining("1..65535");
        assertThatThrownBy(() -> EmbeddedKafkaMain.parsePort(new String[] {"--verbose"})).hasMessageContaining("--verbose");
    }
}
