package dev.streampatterns.generators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class GeneratorOptionsTest {

    private static GeneratorOptions.Builder valid() {
        return GeneratorOptions.builder().topic("user-events").maxEvents(100);
    }

    @Test
    void defaults() {
        GeneratorOptions options = valid().build();

        assertThat(options.seed()).isEqualTo(GeneratorOptions.DEFAULT_SEED);
        assertThat(options.eventsPerSecond()).isZero();
        assertThat(options.maxDuration()).isNull();
        assertThat(options.malformedFraction()).isZero();
        assertThat(options.progressInterval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void toBuilderKeepsEveryOption() {
        GeneratorOptions options = valid().seed(7).eventsPerSecond(500).maxDuration(Duration.ofSeconds(3))
                .malformedFraction(0.25).progressInterval(Duration.ofMillis(200)).build();

        assertThat(options.toBuilder().build()).isEqualTo(options);
    }

    @Test
    void durationAloneIsABound() {
        assertThat(GeneratorOptions.builder().topic("t").maxDuration(Duration.ofSeconds(1)).build().maxEvents()).isZero();
    }

    @Test
    void messagesNameTheInvalidOption() {
        assertThatThrownBy(() -> valid().topic(null).build()).hasMessageStartingWith("topic ");
        assertThatThrownBy(() -> valid().topic(" ").build()).hasMessageStartingWith("topic ");
        assertThatThrownBy(() -> valid().topic("no spaces").build()).hasMessageContaining("'no spaces'");
        assertThatThrownBy(() -> valid().eventsPerSecond(-1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("eventsPerSecond must be a finite number >= 0 (0 = unthrottled), was -1.0");
        assertThatThrownBy(() -> valid().eventsPerSecond(Double.NaN).build()).hasMessageStartingWith("eventsPerSecond ");
        assertThatThrownBy(() -> valid().eventsPerSecond(Double.POSITIVE_INFINITY).build())
                .hasMessageStartingWith("eventsPerSecond ");
        assertThatThrownBy(() -> valid().maxEvents(-5).build())
                .hasMessage("maxEvents must be >= 0 (0 = unbounded), was -5");
        assertThatThrownBy(() -> valid().maxDuration(Duration.ZERO).build()).hasMessageStartingWith("maxDuration ");
        assertThatThrownBy(() -> valid().maxDuration(Duration.ofSeconds(-1)).build()).hasMessageStartingWith("maxDuration ");
        assertThatThrownBy(() -> valid().maxEvents(0).build())
                .hasMessageContaining("maxEvents").hasMessageContaining("maxDuration");
        assertThatThrownBy(() -> valid().malformedFraction(1.5).build())
                .hasMessage("malformedFraction must be within [0, 1], was 1.5");
        assertThatThrownBy(() -> valid().malformedFraction(-0.1).build()).hasMessageStartingWith("malformedFraction ");
        assertThatThrownBy(() -> valid().malformedFraction(Double.NaN).build()).hasMessageStartingWith("malformedFraction ");
        assertThatThrownBy(() -> valid().progressInterval(null).build()).hasMessageStartingWith("progressInterval ");
        assertThatThrownBy(() -> valid().progressInterval(Duration.ZERO).build()).hasMessageStartingWith("progressInterval ");
    }
}
