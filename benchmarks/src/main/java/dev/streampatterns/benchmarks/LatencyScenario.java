package dev.streampatterns.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streampatterns.analytics.userevents.TopUsersByValue;
import dev.streampatterns.core.job.CheckpointLocations;
import dev.streampatterns.core.job.StreamingJob;
import dev.streampatterns.analytics.userevents.UserEventsJob;
import dev.streampatterns.core.source.KafkaSource;
import dev.streampatterns.generators.GeneratorReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * Scenario 4: the user-events pipeline under a sustained rate ({@code --latency-rate} events/s for
 * {@code --latency-duration}), and each event's latency from its event time to the moment its batch's
 * results are visible on the driver.
 *
 * <p>Event time is the Kafka record's timestamp, set by the producer when the generator sends it.
 * Sink-visible time is when the pipeline hands that batch's summary to its consumer. The query's
 * progress gives each batch's end offsets per partition, so every event is matched to the batch that
 * processed it; the records are read back from Kafka afterwards for their timestamps. With warm-up
 * runs asked for ({@code --warmup}), a send of 30 s per run first compiles and warms the query, and
 * its events are not counted.
 */
final class LatencyScenario implements Scenario {
    static final String NAME = "latency";
    /**
     * Sent per warm-up round asked for ({@code --warmup}), before the measured send: 60 s by
     * default. After a start the JIT compiles Spark's planner, Kafka's clients and broker and the
     * query's code for about a minute at 10,000 events/s, and batches are slower meanwhile: p99 went
     * from 709 ms in the first 15 s to about 300 ms after 45-60 s (docs/BENCHMARKS.md, section 8).
     * The measured minute is a warm job's, as a stream that runs for days has.
     */
    private static final Duration WARM_UP_ROUND = Duration.ofSeconds(30);

    @Override
    public List<ResultRow> run(BenchmarkContext context) throws Exception {
        BenchmarkOptions options = context.options();
        String topic = context.newTopic("latency");
        Map<Long, Long> visibleAt = new ConcurrentHashMap<>();
        UserEventsJob pipeline = new UserEventsJob(context.pipelineDecoder(),
                new TopUsersByValue(PipelineScenario.TOP_N), 5, null,
                summary -> visibleAt.put(summary.batchId(), System.currentTimeMillis()), run -> { });
        GeneratorReport sent;
        StreamingQueryProgress[] progress;
        Map<Integer, Long> measuredFrom = Map.of();
        long cpu;
        long peak;
        try (StreamingJob job = StreamingJob.create(context.spark(), CheckpointLocations.temporary(), null)) {
            StreamingQuery query = pipeline.start(job, KafkaSource.stream(context.source(topic)), options.latencyTrigger());
            if (options.warmup() > 0) {
                Duration warmUp = WARM_UP_ROUND.multipliedBy(options.warmup());
                send(context, topic, warmUp.compareTo(options.latencyDuration()) < 0 ? warmUp : options.latencyDuration());
                job.processAllAvailable();
                measuredFrom = BatchIndex.of(topic, query.recentProgress(), visibleAt).lastEndOffsets();
            }
            context.heap().reset();
            cpu = BenchmarkContext.processCpuNanos();
            sent = send(context, topic, options.latencyDuration());
            job.processAllAvailable();
            cpu = BenchmarkContext.processCpuNanos() - cpu;
            peak = context.heap().peak();
            progress = query.recentProgress();
        }
        BatchIndex batches = BatchIndex.of(topic, progress, visibleAt);
        long[] latencies = latencies(context.bootstrapServers(), topic, batches, measuredFrom);
        if (latencies.length != sent.validSent()) {
            throw new IllegalStateException("sent " + sent.validSent() + " events but matched " + latencies.length
                    + " to a batch");
        }
        Latencies l = Latencies.of(latencies);
        double kept = sent.eventsPerSecond();
        return List.of(new ResultRow(NAME, String.format(Locale.ROOT, "UserEventsJob at %,.0f events/s for %s, "
                        + "trigger %d ms", options.latencyRate(), describe(options.latencyDuration()),
                options.latencyTrigger().toMillis()), sent.validSent(), sent.elapsed().toNanos() / 1e9, kept,
                cpu / 1e9, l, peak, kept / options.latencyRate(), BenchmarkContext.loadAverage(),
                String.format(Locale.ROOT, "kept %,.0f of %,.0f events/s; p95 %.0f ms, max %.0f ms; %d batches",
                        kept, options.latencyRate(), l.p95(), l.max(), batches.count())));
    }

    private static GeneratorReport send(BenchmarkContext context, String topic, Duration duration) {
        return context.generate(context.generatorOptions(topic, 0).maxDuration(duration)
                .eventsPerSecond(context.options().latencyRate()).build());
    }

    private static String describe(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    /** Each event's latency: its batch's visible time minus its record timestamp; offsets below {@code from} are left out. */
    static long[] latencies(String servers, String topic, BatchIndex batches, Map<Integer, Long> from) {
        LongList latencies = new LongList();
        TopicReader.readAll(servers, topic, record -> {
            if (record.offset() >= from.getOrDefault(record.partition(), 0L)) {
                latencies.add(batches.visibleTime(record.partition(), record.offset()) - record.timestamp());
            }
        });
        return latencies.toArray();
    }

    /** A growable array of longs: 600,000 latencies should not be 600,000 boxed objects. */
    static final class LongList {
        private long[] values = new long[1024];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    /** For each partition, the end offsets of the batches in order, and when each batch became visible. */
    record BatchIndex(Map<Integer, long[]> endOffsets, long[] visibleTimes) {
        private static final ObjectMapper JSON = new ObjectMapper();

        static BatchIndex of(String topic, StreamingQueryProgress[] progress, Map<Long, Long> visibleAt) {
            List<StreamingQueryProgress> batches = Arrays.stream(progress).filter(p -> p.numInputRows() > 0)
                    .sorted((a, b) -> Long.compare(a.batchId(), b.batchId())).toList();
            Map<Integer, long[]> ends = new HashMap<>();
            long[] visible = new long[batches.size()];
            for (int b = 0; b < batches.size(); b++) {
                StreamingQueryProgress batch = batches.get(b);
                Long at = visibleAt.get(batch.batchId());
                if (at == null) {
                    throw new IllegalStateException("batch " + batch.batchId() + " has no visible time");
                }
                visible[b] = at;
                JsonNode offsets = endOffsets(batch, topic);
                for (Iterator<Map.Entry<String, JsonNode>> it = offsets.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> partition = it.next();
                    ends.computeIfAbsent(Integer.parseInt(partition.getKey()), p -> new long[batches.size()])[b] =
                            partition.getValue().asLong();
                }
            }
            return new BatchIndex(ends, visible);
        }

        int count() {
            return visibleTimes.length;
        }

        /** End offsets per partition after the last batch, e.g. after a warm-up. */
        Map<Integer, Long> lastEndOffsets() {
            Map<Integer, Long> last = new HashMap<>();
            endOffsets.forEach((partition, ends) -> last.put(partition, ends.length == 0 ? 0 : ends[ends.length - 1]));
            return last;
        }

        /** When the batch holding this record became visible: the first batch whose end offset is past it. */
        long visibleTime(int partition, long offset) {
            long[] ends = endOffsets.get(partition);
            int low = 0;
            int high = ends == null ? 0 : ends.length;
            while (low < high) { // the first batch with an end offset above the record's offset
                int middle = (low + high) >>> 1;
                if (ends[middle] > offset) {
                    high = middle;
                } else {
                    low = middle + 1;
                }
            }
            if (ends == null || low == ends.length) {
                throw new IllegalStateException("no batch processed partition " + partition + " offset " + offset);
            }
            return visibleTimes[low];
        }

        /** The batch's end offsets of {@code topic}, from whichever of the query's sources reads it. */
        private static JsonNode endOffsets(StreamingQueryProgress batch, String topic) {
            for (org.apache.spark.sql.streaming.SourceProgress source : batch.sources()) {
                JsonNode offsets = parse(source.endOffset()).get(topic);
                if (offsets != null) {
                    return offsets;
                }
            }
            throw new IllegalStateException("batch " + batch.batchId() + " of " + batch.name() + " read no topic " + topic);
        }

        private static JsonNode parse(String json) {
            try {
                return JSON.readTree(json);
            } catch (IOException e) {
                throw new UncheckedIOException("unreadable offsets " + json, e);
            }
        }
    }
}
