package dev.streampatterns.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streampatterns.analytics.orders.OrderColumns;
import dev.streampatterns.analytics.orders.OrderTotals;
import dev.streampatterns.core.job.CheckpointLocations;
import dev.streampatterns.core.job.StreamingJob;
import dev.streampatterns.core.source.KafkaSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Scenario: the orders pattern ({@link OrderTotals}: 5-second event-time windows per product, decimal
 * totals) over {@code --events} JSON orders already in the broker, through the orders' own strict
 * decoder — one micro-batch holding every order, then the no-data batch in which the watermark
 * closes the windows, their rows collected on the driver — against a plain {@code KafkaConsumer}
 * parsing each order with Jackson and summing {@link BigDecimal}s per window and product in a Java
 * map. Both publish the windows whose end the final watermark (the latest order time minus 5 s)
 * reached, and both must agree to the cent, every run.
 *
 * <p>A Spark run is timed from the query's start until both batches are done: query start-up,
 * planning, reading Kafka, strict JSON decoding, the aggregation and its state store.
 */
final class OrdersScenario implements Scenario {
    static final String NAME = "orders";
    private static final long WINDOW_MILLIS = OrderTotals.DEFAULT_WINDOW.toMillis();
    private static final long WATERMARK_MILLIS = OrderTotals.DEFAULT_WATERMARK.toMillis();

    @Override
    public List<ResultRow> run(BenchmarkContext context) throws Exception {
        String topic = context.ordersTopic();
        String servers = context.bootstrapServers();
        context.spark();
        Variant baseline = new Variant() {
            @Override
            public String name() {
                return "KafkaConsumer + Jackson + BigDecimal in Java maps, 1 thread";
            }

            @Override
            public Outcome run() {
                Windows windows = PlainOrdersBaseline.consume(servers, topic);
                return new Outcome(context.options().events(), windows, windows.describe());
            }
        };
        return Runs.measure(context, NAME, List.of(baseline, new SparkRun(context, topic)));
    }

    /** The closed windows as "window start|product" -> "total xcount", and the orders they hold. */
    record Windows(Map<String, String> rows, long orders) implements Variant.RunResult {
        String describe() {
            return String.format(Locale.ROOT, "%,d windows closed, holding %,d orders", rows.size(), orders);
        }

        @Override
        public String disagreement(Variant.RunResult baseline) {
            Map<String, String> other = ((Windows) baseline).rows();
            if (other.equals(rows)) {
                return null;
            }
            for (Map.Entry<String, String> row : other.entrySet()) {
                if (!Objects.equals(rows.get(row.getKey()), row.getValue())) {
                    return "window " + row.getKey() + ": " + rows.get(row.getKey()) + " against " + row.getValue();
                }
            }
            return rows.size() + " windows against " + other.size();
        }
    }

    /** The hand-written baseline: the same windows and totals, one consumer thread, no Spark. */
    static final class PlainOrdersBaseline {
        private static final ObjectMapper JSON = new ObjectMapper();

        private PlainOrdersBaseline() {
        }

        static Windows consume(String bootstrapServers, String topic) {
            Map<String, BigDecimal> totals = new TreeMap<>();
            Map<String, Long> counts = new TreeMap<>();
            long[] latest = {Long.MIN_VALUE};
            TopicReader.readAll(bootstrapServers, topic, record -> {
                JsonNode order;
                try {
                    order = JSON.readTree(record.value());
                } catch (IOException e) {
                    throw new UncheckedIOException("the orders topic holds no malformed order in this scenario", e);
                }
                long time = Instant.parse(order.get(OrderColumns.TIMESTAMP).asText()).toEpochMilli();
                latest[0] = Math.max(latest[0], time);
                String key = Math.floorDiv(time, WINDOW_MILLIS) * WINDOW_MILLIS + "|" + order.get(OrderColumns.PRODUCT).asText();
                totals.merge(key, order.get(OrderColumns.PRICE).decimalValue()
                        .multiply(BigDecimal.valueOf(order.get(OrderColumns.QUANTITY).asInt())), BigDecimal::add);
                counts.merge(key, 1L, Long::sum);
            });
            long watermark = latest[0] - WATERMARK_MILLIS;
            Map<String, String> closed = new TreeMap<>();
            long orders = 0;
            for (Map.Entry<String, BigDecimal> window : totals.entrySet()) {
                long start = Long.parseLong(window.getKey().substring(0, window.getKey().indexOf('|')));
                if (start + WINDOW_MILLIS <= watermark) {
                    closed.put(window.getKey(), window.getValue().setScale(2).toPlainString() + " x"
                            + counts.get(window.getKey()));
                    orders += counts.get(window.getKey());
                }
            }
            return new Windows(closed, orders);
        }
    }

    /** One start of the orders pattern on the topic; the query is stopped after the timed section. */
    private static final class SparkRun implements Variant {
        private final BenchmarkContext context;
        private final String topic;
        private final Map<String, String> collected = new ConcurrentHashMap<>();
        private final Map<String, Long> orders = new ConcurrentHashMap<>();
        private StreamingJob job;

        SparkRun(BenchmarkContext context, String topic) {
            this.context = context;
            this.topic = topic;
        }

        @Override
        public String name() {
            return "Spark OrderTotals, " + context.options().master() + ", strict JSON decoder, one batch";
        }

        @Override
        public void prepare() {
            collected.clear();
            orders.clear();
            job = StreamingJob.create(context.spark(), CheckpointLocations.temporary(), null);
        }

        @Override
        public Outcome run() throws TimeoutException {
            Dataset<Row> orderRows = OrderColumns.decoder(OrderColumns.DEFAULT_MAX_CLOCK_SKEW)
                    .decode(KafkaSource.stream(context.source(topic)).readStream(context.spark())).valid();
            VoidFunction2<Dataset<Row>, Long> collect = (windows, batchId) -> windows.collectAsList().forEach(row -> {
                String key = row.getTimestamp(0).getTime() + "|" + row.getString(2);
                collected.put(key, row.getDecimal(3).toPlainString() + " x" + row.getLong(4));
                orders.put(key, row.getLong(4));
            });
            StreamingQuery query = job.start("bench-orders", new OrderTotals().apply(orderRows).writeStream()
                    .outputMode("append").trigger(Trigger.ProcessingTime(0)).foreachBatch(collect));
            job.processAllAvailable();
            query.stop();
            Windows windows = new Windows(new TreeMap<>(collected), orders.values().stream().mapToLong(Long::longValue).sum());
            return new Outcome(context.options().events(), windows, windows.describe());
        }

        @Override
        public void cleanup() {
            job.close();
        }
    }
}
