package dev.streampatterns.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class EventTimesTest {

    @Test
    void secondsAreOffsetsFromTheBase() {
        EventTimes times = EventTimes.at(EventTimes.BASE);

        assertThat(times.t(0)).isEqualTo(Timestamp.from(Instant.parse("2026-01-01T00:00:00Z")));
        assertThat(times.t(12)).isEqualTo(Timestamp.from(Instant.parse("2026-01-01T00:00:12Z")));
        assertThat(times.t(0.25)).isEqualTo(Timestamp.from(Instant.parse("2026-01-01T00:00:00.250Z")));
        assertThat(times.t(-1)).isEqualTo(Timestamp.from(Instant.parse("2025-12-31T23:59:59Z")));
    }

    @Test
    void anyBaseCanBeUsed() {
        Instant base = Instant.parse("2030-06-01T12:00:00Z");
        assertThat(EventTimes.at(base).instant(60)).isEqualTo(Instant.parse("2030-06-01T12:01:00Z"));
    }
}
