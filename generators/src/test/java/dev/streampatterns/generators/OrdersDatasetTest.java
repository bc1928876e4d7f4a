package dev.streampatterns.generators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streampatterns.generators.OrdersDataset.Order;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class OrdersDatasetTest {
    /** The contract's JSON, field by field, in the order the dataset writes them. */
    private static final Pattern ORDER = Pattern.compile("\\{\"orderId\":\"([0-9a-f-]{36})\",\"product\":\"([A-Za-z]+)\","
            + "\"quantity\":([0-9]+),\"price\":([0-9]+\\.[0-9]{2}),\"timestamp\":\"([^\"]+)\"}");
    private static final Map<String, BigDecimal> PRICES = Map.of("Keyboard", new BigDecimal("25.00"),
            "Mouse", new BigDecimal("10.50"), "Monitor", new BigDecimal("140.00"));

    @Test
    void sameSeedGivesTheSameOrders() {
        OrdersDataset dataset = new OrdersDataset();
        assertThat(dataset.records(42, 1_000)).isEqualTo(dataset.records(42, 1_000));
        assertThat(dataset.records(42, 1_000)).isNotEqualTo(dataset.records(43, 1_000));
    }

    @Test
    void ordersReproducesTheJsonTheGeneratorSendsWithTheCoursesProductsAndPrices() {
        OrdersDataset dataset = new OrdersDataset();
        List<Order> orders = dataset.orders(7, 2_000);
        List<ProducerRecordData> records = dataset.records(7, 2_000);
        Set<String> ids = new HashSet<>();
        Set<Integer> quantities = new HashSet<>();
        for (int i = 0; i < records.size(); i++) {
            Order order = orders.get(i);
            Matcher json = ORDER.matcher(new String(records.get(i).value(), StandardCharsets.UTF_8));
            assertThat(json.matches()).as("order %d", i).isTrue();
            assertThat(json.group(1)).isEqualTo(order.orderId());
            assertThat(new String(records.get(i).key(), StandardCharsets.UTF_8)).isEqualTo(order.orderId());
            assertThat(new BigDecimal(json.group(4))).isEqualTo(PRICES.get(json.group(2))).isEqualTo(order.price());
            assertThat(Integer.parseInt(json.group(3))).isEqualTo(order.quantity()).isBetween(1, 4);
            assertThat(Instant.parse(json.group(5))).isEqualTo(OrdersDataset.DEFAULT_START.plusMillis(250L * i));
            assertThat(order.value()).isEqualTo(order.price().multiply(BigDecimal.valueOf(order.quantity())));
            ids.add(order.orderId());
            quantities.add(order.quantity());
        }
        assertThat(ids).hasSize(records.size());
        assertThat(quantities).containsExactlyInAnyOrder(1, 2, 3, 4);
        assertThat(orders).extracting(Order::product).containsAll(PRICES.keySet());
    }

    @Test
    void lateOrdersAreTheirLatenessBehindTheStreamAndEvenlySpread() {
        Instant start = Instant.parse("2026-03-01T12:00:00Z");
        OrdersDataset dataset = new OrdersDataset(new EventClock(start, Duration.ofSeconds(1), 0.1, Duration.ofSeconds(8)));
        List<Order> orders = dataset.orders(3, 100);
        for (int i = 0; i < orders.size(); i++) {
            boolean late = (i + 1) / 10 > i / 10;
            assertThat(orders.get(i).late()).as("order %d", i).isEqualTo(late);
            assertThat(orders.get(i).timestamp()).isEqualTo(start.plusSeconds(i - (late ? 8 : 0)));
        }
        assertThat(orders).filteredOn(Order::late).hasSize(10);
    }

    @Test
    void malformedValuesAreNotOrdersAndBothKindsOccur() {
        OrdersDataset dataset = new OrdersDataset();
        Random random = new Random(5);
        Set<String> kinds = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            String value = new String(dataset.malformedValue(random, i), StandardCharsets.UTF_8);
            assertThat(ORDER.matcher(value).matches()).as(value).isFalse();
            kinds.add(value.contains("\"quantity\":\"two\"") ? "quantity as a word" : "cut off");
        }
        assertThat(kinds).containsExactlyInAnyOrder("quantity as a word", "cut off");
    }

    @Test
    void anEventClockWithoutAStepIsRefused() {
        assertThatThrownBy(() -> EventClock.of(Instant.EPOCH, Duration.ZERO))
                .hasMessage("step must be at least 1 ms, was PT0S");
    }
}
