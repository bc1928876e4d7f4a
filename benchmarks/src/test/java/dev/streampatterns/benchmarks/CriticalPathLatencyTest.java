package dev.streampatterns.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code bin/benchmark critical-path}: it runs on a short input and prints one table row per trigger. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CriticalPathLatencyTest {

    @Test
    void aShortMicroBatchRunCountsEveryCriticalAlertAndPrintsItsRow() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = System.out;
        int exitCode;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            exitCode = Benchmarks.command(new String[] {"critical-path", "--rate", "200", "--duration", "3s",
                "--warmup", "0s", "--triggers", "micro-batch", "--master", "local[2]"});
        } finally {
            System.setOut(out);
        }

        assertThat(exitCode).isZero();
        // The measurement fails unless every CRITICAL alert the seed sent reached the output topic.
        assertThat(printed.toString(StandardCharsets.UTF_8).lines().filter(line -> line.startsWith("| micro-batch |")))
                .singleElement().satisfies(row -> assertThat(row).matches("\\| micro-batch \\| [1-9][0-9,]* \\| .*"));
    }

    @Test
    void aBadOptionEndsWithExitCode2BeforeAnythingStarts() {
        assertThat(Benchmarks.command(new String[] {"critical-path", "--triggers", "batch"})).isEqualTo(2);
    }
}
