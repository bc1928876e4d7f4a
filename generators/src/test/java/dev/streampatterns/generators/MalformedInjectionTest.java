package dev.streampatterns.generators;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

class MalformedInjectionTest {

    @Test
    void onePercentOfAThousandIsTenEvenlySpaced() {
        List<Long> after = new ArrayList<>();
        for (long i = 0; i < 1_000; i++) {
            if (MalformedInjection.injectAfter(i, 0.01)) {
                after.add(i);
            }
        }
        assertThat(after).containsExactly(99L, 199L, 299L, 399L, 499L, 599L, 699L, 799L, 899L, 999L);
        assertThat(MalformedInjection.countFor(1_000, 0.01)).isEqualTo(10);
    }

    @Test
    void injectedCountIsFloorOfEventsTimesFraction() {
        for (double fraction : new double[] {0, 0.001, 0.01, 0.1, 1.0 / 3, 0.5, 0.77, 0.999, 1}) {
            for (long events : new long[] {0, 1, 7, 99, 100, 1_000, 12_345}) {
                long injected = LongStream.range(0, events)
                        .filter(i -> MalformedInjection.injectAfter(i, fraction)).count();
                assertThat(injected).as("%d events at %s", events, fraction)
                        .isEqualTo(MalformedInjection.countFor(events, fraction))
                        .isEqualTo((long) Math.floor(events * fraction));
            }
        }
    }

    @Test
    void zeroInjectsNothingAndOneInjectsAfterEveryEvent() {
        assertThat(LongStream.range(0, 1_000).noneMatch(i -> MalformedInjection.injectAfter(i, 0))).isTrue();
        assertThat(LongStream.range(0, 1_000).allMatch(i -> MalformedInjection.injectAfter(i, 1))).isTrue();
    }
}
