package dev.streampatterns.examples.clickstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampatterns.core.sink.KafkaSink;
import dev.streampatterns.examples.KilledRuns;
import dev.streampatterns.generators.ClickstreamDataset;
import dev.streampatterns.generators.EventClock;
import dev.streampatterns.generators.Generator;
import dev.streampatterns.generators.GeneratorOptions;
import dev.streampatterns.generators.ProducerFactory;
import dev.streampatterns.servers.KafkaBrokerExtension;
import dev.streampatterns.servers.TopicRecords;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clickstream chapter in a JVM of its own, killed with SIGKILL twice while it writes and restarted
 * on its checkpoint: at the end the Parquet files hold every closed revenue window once, exact; and
 * the sessions topic, read as the README says a reader should (a batch id's records once: the Kafka
 * sink is at least once, and each record carries the {@code spark.batch.id} header), holds every closed
 * session once, equal to what the seed's events give.
 *
 * <p>The conversions are left out here: the test loads both topics before the runs, so the
 * transactions (a fifth of the events) are all read in the first batches while the clicks take ten;
 * after a restart the transactions' input has nothing left to read, and Spark's global watermark, the
 * slower input's, stays where the restart found it. On live streams both inputs keep arriving; the
 * conversions of a whole run are checked in {@code ClickstreamChapterTest}.
 */
// Three runs of the chapter in JVMs of their own.
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ClickstreamCrashTest {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final int EVENTS = 12_000;
    private static final long SEED = 23;
    private static final EventClock CLOCK = EventClock.of(ClickstreamDataset.DEFAULT_START, Duration.ofMillis(500));

    private final String id = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void killedTwiceTheChapterEndsWithEveryRevenueWindowOnceAndEverySessionOncePerBatchId(@TempDir Path dir)
            throws Exception {
        KAFKA.createTopic("clicks-" + id, 1);
        KAFKA.createTopic("transactions-" + id, 1);
        try (KafkaProducer<byte[], byte[]> producer = ProducerFactory.create(KAFKA.bootstrapServers(), Map.of())) {
            new Generator(producer, new ClickstreamDataset(CLOCK, "clicks-" + id, "transactions-" + id),
                    GeneratorOptions.builder().topic("clicks-" + id).seed(SEED).maxEvents(EVENTS).build()).run();
        }
        Path revenueDir = dir.resolve("revenue");
        try (KilledRuns runs = new KilledRuns(dir, Map.of(), (run, follow) -> arguments(dir, follow))) {
            // about ten batches of 1,000 clicks: killed after the 3rd and the 7th the sessions' query committed
            Path commits = dir.resolve("checkpoints").resolve("clickstream-sessions").resolve("commits");
            runs.killAt(3, () -> files(commits), "the sessions query's committed batches", Duration.ofMinutes(3));
            runs.killAt(7, () -> files(commits), "the sessions query's committed batches", Duration.ofMinutes(3));
            runs.runToEnd(Duration.ofMinutes(3));
        }

        ExpectedClickstream expected = new ExpectedClickstream(new ClickstreamDataset(CLOCK, "c", "t")
                .events(SEED, EVENTS));
        assertThat(ClickstreamChapterTest.revenue(revenueDir)).isEqualTo(expected.revenue());
        Map<String, String> sessions = expected.sessions();
        assertThat(ClickstreamChapterTest.sessions(oncePerBatch(TopicRecords.read(KAFKA.bootstrapServers(),
                "sessions-" + id, Integer.MAX_VALUE, Duration.ofSeconds(15))))).isEqualTo(sessions);
    }

    private List<String> arguments(Path dir, boolean follow) {
        List<String> args = new ArrayList<>(List.of("clickstream", "--bootstrap-servers", KAFKA.bootstrapServers(),
                "--clicks-topic", "clicks-" + id, "--transactions-topic", "transactions-" + id, "--conversions-topic",
                "conversions-" + id, "--sessions-topic", "sessions-" + id, "--dead-letter-topic", "dead-" + id,
                "--output-dir", dir.resolve("revenue").toString(), "--checkpoint-root", dir.resolve("checkpoints").toString(),
                "--master", "local[2]", "--events", "0", "--max-offsets-per-trigger", "1000", "--trigger", "100ms"));
        if (follow) {
            args.add("--follow");
        }
        return args;
    }

    /**
     * The records of the last write of each batch: a batch redone after a kill writes all its records
     * again, after the ones (all or some) its killed run had written.
     */
    private static List<ConsumerRecord<byte[], byte[]>> oncePerBatch(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, List<ConsumerRecord<byte[], byte[]>>> lastWrite = new java.util.LinkedHashMap<>();
        String current = null;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            String batch = new String(record.headers().lastHeader(KafkaSink.BATCH_ID_HEADER).value(), StandardCharsets.UTF_8);
            if (!batch.equals(current)) {
                current = batch;
                lastWrite.put(batch, new ArrayList<>());   // a new write of this batch replaces an earlier one
            }
            lastWrite.get(batch).add(record);
        }
        List<ConsumerRecord<byte[], byte[]>> once = new ArrayList<>();
        lastWrite.values().forEach(once::addAll);
        return once;
    }

    /** The files in {@code dir} whose name is a number: a checkpoint's commit log, one per committed batch. */
    private static long files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> paths = Files.list(dir)) {
            return paths.filter(path -> path.getFileName().toString().matches("\\d+")).count();
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
