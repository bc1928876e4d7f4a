package dev.streampatterns.generators;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProgressLogTest {

    @Test
    void numbersUseThousandsSeparatorsWhateverTheLocale() {
        assertThat(ProgressLog.format(12_000)).isEqualTo("12,000");
        assertThat(ProgressLog.format(1_234_567)).isEqualTo("1,234,567");
        assertThat(ProgressLog.format(120)).isEqualTo("120");
    }
}
