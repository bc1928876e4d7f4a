package dev.streampatterns.analytics.clickstream;

import dev.streampatterns.generators.ClickstreamDataset;
import dev.streampatterns.generators.ClickstreamDataset.Click;
import dev.streampatterns.generators.ClickstreamDataset.Transaction;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/** A test's clickstream events at chosen times, written as the generator writes them (JSON). */
final class ClickstreamEvents {
    static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");
    private int next;

    static Instant at(Duration offset) {
        return BASE.plus(offset);
    }

    Click click(String user, String product, String action, Duration offset) {
        return click(user, "sess_" + user, product, action, offset);
    }

    Click click(String user, String session, String product, String action, Duration offset) {
        ClickstreamDataset.Product catalog = product(product);
        return new Click("evt_" + (next++), user, session, product, catalog.category(), action, at(offset),
                "/product/" + product, "direct", false);
    }

    Transaction purchase(String user, String product, int quantity, Duration offset) {
        ClickstreamDataset.Product catalog = product(product);
        return new Transaction("txn_" + (next++), user, "sess_" + user, product, catalog.category(),
                catalog.price().multiply(BigDecimal.valueOf(quantity)), quantity, at(offset), "paypal", false);
    }

    static ClickstreamDataset.Product product(String id) {
        return ClickstreamDataset.PRODUCTS.stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    }
}
