package dev.streampatterns.generators;

/**
 * Where malformed records go: after valid event {@code i} (0-based), one malformed record is
 * injected when {@code floor((i + 1) * f) > floor(i * f)}. The injections are spread evenly and
 * {@code n} valid events always carry exactly {@code floor(n * f)} malformed ones (the sum
 * telescopes), e.g. 1,000 events at {@code f = 0.01} carry 10, after events 99, 199, ..., 999.
 * No randomness is involved, so injection cannot disturb a seeded sequence.
 */
public final class MalformedInjection {

    private MalformedInjection() {
    }

    /** Whether a malformed record follows valid event {@code index} at fraction {@code fraction}. */
    public static boolean injectAfter(long index, double fraction) {
        if (fraction <= 0) {
            return false;
        }
        return Math.floor((index + 1) * fraction) > Math.floor(index * fraction);
    }

    /** How many malformed records {@code validEvents} valid events carry: {@code floor(n * f)}. */
    public static long countFor(long validEvents, double fraction) {
        return fraction <= 0 ? 0 : (long) Math.floor(validEvents * fraction);
    }
}
