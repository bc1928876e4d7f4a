package dev.streampatterns.core.batch;

import java.util.Locale;

/**
 * What one run of a cached batch did: rows in the batch, analyses run, and how many records the
 * decoder decoded while it ran (-1 when the decoder is not counted). {@code decodes == rows} shows
 * the batch was decoded once, however many analyses read it; without the cache it would be
 * {@code rows * analyses}.
 */
public record BatchRun(long batchId, long rows, int analyses, long decodes, long millis) {

    public String describe() {
        String decoding = decodes < 0 ? "" : String.format(Locale.ROOT, ", %,d records decoded (%.2f per row)",
                decodes, rows == 0 ? 0.0 : (double) decodes / rows);
        return String.format(Locale.ROOT, "batch %d: %,d rows cached once for %d analyses%s, %,d ms",
                batchId, rows, analyses, decoding, millis);
    }
}
