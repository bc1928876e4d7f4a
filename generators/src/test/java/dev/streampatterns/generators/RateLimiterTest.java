package dev.streampatterns.generators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 1, unit = TimeUnit.MINUTES)
class RateLimiterTest {

    /** A clock that only moves when the limiter parks (or the test advances it). */
    private static final class FakeTicker implements RateLimiter.Ticker {
        long now = 1_000_000_000L;
        int parks;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void parkNanos(long nanos) {
            parks++;
            now += nanos;
        }
    }

    @Test
    void throttledRateIsNeverExceededOnTheRealClock() {
        RateLimiter limiter = new RateLimiter(1_000);
        long start = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            limiter.acquire();
        }
        // The first permit is immediate, the 200th due 199 ms later: a lower bound only, since a
        // loaded machine may make it slower but never faster.
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(190));
    }

    @Test
    void unthrottledNeverWaits() {
        for (double rate : new double[] {0, -1}) {
            RateLimiter limiter = new RateLimiter(rate);
            AtomicInteger waits = new AtomicInteger();
            for (int i = 0; i < 1_000_000; i++) {
                assertThat(limiter.acquire(() -> waits.incrementAndGet() < 0)).isTrue();
            }
            assertThat(waits).hasValue(0);
            assertThat(limiter.isThrottled()).isFalse();
        }
    }

    @Test
    void permitsAreSpacedEvenly() {
        FakeTicker ticker = new FakeTicker();
        RateLimiter limiter = new RateLimiter(1_000, ticker);
        long start = ticker.now;
        List<Long> grantedAt = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            limiter.acquire();
            grantedAt.add(ticker.now - start);
        }
        for (int i = 0; i < grantedAt.size(); i++) {
            assertThat(grantedAt.get(i)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(i));
        }
    }

    @Test
    void aStalledCallerCatchesUpByAtMostTenMilliseconds() {
        FakeTicker ticker = new FakeTicker();
        RateLimiter limiter = new RateLimiter(1_000, ticker);
        limiter.acquire();
        ticker.now += TimeUnit.SECONDS.toNanos(1);   // the caller stalled for a second

        int parksBefore = ticker.parks;
        int immediate = 0;
        while (ticker.parks == parksBefore) {
            limiter.acquire();
            if (ticker.parks == parksBefore) {
                immediate++;
            }
        }
        // Not the thousand permits of the stalled second: the 10 ms window plus the one due now.
        assertThat(immediate).isEqualTo(11);
    }

    @Test
    void abortedWaitGrantsNoPermit() {
        FakeTicker ticker = new FakeTicker();
        RateLimiter limiter = new RateLimiter(1, ticker);
        assertThat(limiter.acquire(() -> true)).as("the first permit is due at once").isTrue();

        long before = ticker.now;
        assertThat(limiter.acquire(() -> true)).isFalse();
        assertThat(ticker.now).isEqualTo(before);

        limiter.acquire();
        assertThat(ticker.now - before).isEqualTo(TimeUnit.SECONDS.toNanos(1));
    }

    @Test
    void longWaitsNoticeAnAbortWithinASlice() {
        FakeTicker ticker = new FakeTicker();
        RateLimiter limiter = new RateLimiter(0.001, ticker);   // one permit per 1,000 s
        limiter.acquire();
        long before = ticker.now;
        long abortAt = before + TimeUnit.MILLISECONDS.toNanos(50);

        assertThat(limiter.acquire(() -> ticker.now >= abortAt)).isFalse();
        assertThat(ticker.now - before).isEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
    }

    @Test
    void rejectsNaN() {
        assertThatThrownBy(() -> new RateLimiter(Double.NaN)).hasMessageContaining("permitsPerSecond");
    }
}
