package dev.streampatterns.generators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampatterns.generators.ClickstreamDataset.Click;
import dev.streampatterns.generators.ClickstreamDataset.Transaction;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClickstreamDatasetTest {
    private final ClickstreamDataset dataset = new ClickstreamDataset();

    @Test
    void aSeedGivesTheSameEventsAndAboutFourClicksToOneTransactionEachToItsTopicKeyedByUser() {
        List<ClickstreamDataset.Event> events = dataset.events(9, 10_000);
        assertThat(dataset.events(9, 10_000)).isEqualTo(events);
        assertThat(dataset.events(10, 10_000)).isNotEqualTo(events);

        long clicks = events.stream().filter(e -> e instanceof Click).count();
        assertThat(clicks).isBetween(7_800L, 8_200L);
        Random random = new Random(9);
        for (int i = 0; i < 100; i++) {
            ProducerRecordData record = dataset.next(random, i);
            ClickstreamDataset.Event event = events.get(i);
            assertThat(record.topic()).isEqualTo(event instanceof Click ? "clickstream" : "transactions");
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(event.userId());
            assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo(event.json());
        }
    }

    @Test
    void aTransactionIsWorthItsQuantityTimesThePriceAndASessionIsTheUserAndTheHalfHourOfTheEventTime() {
        for (ClickstreamDataset.Event event : dataset.events(4, 2_000)) {
            long bucket = event.timestamp().getEpochSecond() / Duration.ofMinutes(30).toSeconds();
            if (event instanceof Transaction t) {
                BigDecimal price = ClickstreamDataset.PRODUCTS.stream().filter(p -> p.id().equals(t.productId()))
                        .findFirst().orElseThrow().price();
                assertThat(t.amount()).isEqualTo(price.multiply(BigDecimal.valueOf(t.quantity())));
                assertThat(t.quantity()).isBetween(1, 3);
                assertThat(t.sessionId()).isEqualTo("sess_" + t.userId() + "_" + bucket);
            } else {
                Click c = (Click) event;
                assertThat(c.sessionId()).isEqualTo("sess_" + c.userId() + "_" + bucket);
                assertThat(ClickstreamDataset.ACTIONS).contains(c.action());
                assertThat(c.pageUrl()).isEqualTo("/product/" + c.productId());
            }
        }
    }
}
