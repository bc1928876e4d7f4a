package dev.streampatterns.examples.clickstream;

import dev.streampatterns.generators.ClickstreamDataset;
import dev.streampatterns.generators.ClickstreamDataset.Click;
import dev.streampatterns.generators.ClickstreamDataset.Transaction;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the clickstream chapter must publish for a seed's events, computed here event by event by the
 * rules of SPEC section 10, not by the patterns: revenue per category and 5-minute window, conversions
 * per product and window of click time, closed sessions. Only what the final watermarks close is published.
 */
final class ExpectedClickstream {
    private static final Duration WATERMARK = Duration.ofMinutes(5);
    private static final Duration FIVE = Duration.ofMinutes(5);
    private static final Duration ATTRIBUTION = Duration.ofMinutes(10);
    private static final Duration GAP = Duration.ofMinutes(30);

    private final List<Click> clicks = new ArrayList<>();
    private final List<Transaction> transactions = new ArrayList<>();
    private final Instant clicksWatermark;
    private final Instant transactionsWatermark;

    ExpectedClickstream(List<ClickstreamDataset.Event> events) {
        Instant maxClick = Instant.EPOCH;
        Instant maxTransaction = Instant.EPOCH;
        for (ClickstreamDataset.Event event : events) {
            if (event instanceof Click click) {
                clicks.add(click);
                maxClick = max(maxClick, click.timestamp());
            } else {
                transactions.add((Transaction) event);
                maxTransaction = max(maxTransaction, event.timestamp());
            }
        }
        clicksWatermark = maxClick.minus(WATERMARK);
        transactionsWatermark = maxTransaction.minus(WATERMARK);
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant windowStart(Instant time, Duration length) {
        return Instant.ofEpochMilli(Math.floorDiv(time.toEpochMilli(), length.toMillis()) * length.toMillis());
    }

    /** "window start|category" -> "count|total" of the windows the transactions' watermark closed. */
    Map<String, String> revenue() {
        Map<String, Long> counts = new TreeMap<>();
        Map<String, BigDecimal> totals = new TreeMap<>();
        for (Transaction t : transactions) {
            Instant start = windowStart(t.timestamp(), FIVE);
            if (!start.plus(FIVE).isAfter(transactionsWatermark)) {
                String key = start + "|" + t.category();
                counts.merge(key, 1L, Long::sum);
                totals.merge(key, t.amount(), BigDecimal::add);
            }
        }
        Map<String, String> rows = new TreeMap<>();
        counts.forEach((key, count) -> rows.put(key, count + "|" + totals.get(key).toPlainString()));
        return rows;
    }

    /**
     * "window start|product" -> "clicks|converted" of the windows whose end is at or before
     * {@code closedBy}: a click converts when a transaction of its user and product follows within 10 minutes.
     */
    Map<String, String> conversions(Instant closedBy) {
        Map<String, List<Transaction>> byUserAndProduct = new HashMap<>();
        transactions.forEach(t -> byUserAndProduct.computeIfAbsent(t.userId() + "|" + t.productId(), k -> new ArrayList<>())
                .add(t));
        Map<String, long[]> counts = new TreeMap<>();
        for (Click click : clicks) {
            Instant start = windowStart(click.timestamp(), FIVE);
            if (!click.action().equals("click") || start.plus(FIVE).isAfter(closedBy)) {
                continue;
            }
            boolean converted = byUserAndProduct.getOrDefault(click.userId() + "|" + click.productId(), List.of()).stream()
                    .anyMatch(t -> !t.timestamp().isBefore(click.timestamp())
                            && !t.timestamp().isAfter(click.timestamp().plus(ATTRIBUTION)));
            long[] c = counts.computeIfAbsent(start + "|" + click.productId(), k -> new long[2]);
            c[0]++;
            c[1] += converted ? 1 : 0;
        }
        Map<String, String> rows = new TreeMap<>();
        counts.forEach((key, c) -> rows.put(key, c[0] + "|" + c[1]));
        return rows;
    }

    /** The watermark the conversions' windows close by: the older input's, held back by the attribution time. */
    Instant conversionsClosedBy() {
        Instant older = clicksWatermark.isBefore(transactionsWatermark) ? clicksWatermark : transactionsWatermark;
        return older.minus(ATTRIBUTION);
    }

    /** "session id|start" -> "end|count" of the sessions the clicks' watermark closed. */
    Map<String, String> sessions() {
        Map<String, List<Instant>> times = new TreeMap<>();
        clicks.forEach(c -> times.computeIfAbsent(c.sessionId(), k -> new ArrayList<>()).add(c.timestamp()));
        Map<String, String> rows = new TreeMap<>();
        times.forEach((session, list) -> {
            list.sort(null);
            Instant start = list.get(0);
            Instant last = start;
            int count = 0;
            for (Instant time : list) {
                if (Duration.between(last, time).compareTo(GAP) >= 0) {
                    close(rows, session, start, last, count);
                    start = time;
                    count = 0;
                }
                last = time;
                count++;
            }
            close(rows, session, start, last, count);
        });
        return rows;
    }

    private void close(Map<String, String> rows, String session, Instant start, Instant last, int count) {
        if (!last.plus(GAP).isAfter(clicksWatermark)) {
            rows.put(session + "|" + start, last + "|" + count);
        }
    }
}
