package dev.streampatterns.servers;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows some topics from their beginning and hands each record to a callback as it arrives, with a
 * plain Kafka consumer on a thread of its own (no consumer group: partitions are assigned, nothing is
 * committed). The alerts chapter prints its output topics with it as they arrive; the critical-path
 * benchmark times them.
 */
public final class TopicFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Consumer<ConsumerRecord<byte[], byte[]>> onRecord;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    /** The next offset to read, per partition; read by other threads, written by the view's. */
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean closed;
    private volatile RuntimeException failure;

    private TopicFollower(String bootstrapServers, List<String> topics, Consumer<ConsumerRecord<byte[], byte[]>> onRecord) {
        this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "topic-follower-" + String.join(",", topics)), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        this.onRecord = onRecord;
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            counts.put(topic, new AtomicLong());
            for (PartitionInfo info : consumer.partitionsFor(topic)) {
                TopicPartition partition = new TopicPartition(topic, info.partition());
                partitions.add(partition);
                positions.put(partition, 0L);
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.thread = new Thread(this::run, "topic-follower");
        thread.setDaemon(true);
    }

    /** Starts following {@code topics}; {@code onRecord} runs on the follower's thread. */
    public static TopicFollower start(String bootstrapServers, List<String> topics,
                               Consumer<ConsumerRecord<byte[], byte[]>> onRecord) {
        TopicFollower follower = new TopicFollower(bootstrapServers, topics, onRecord);
        follower.thread.start();
        return follower;
    }

    /** The text of a key or value; {@code -} for none. */
    public static String text(byte[] bytes) {
        return bytes == null ? "-" : new String(bytes, StandardCharsets.UTF_8);
    }

    private void run() {
        try {
            while (!closed) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    onRecord.accept(record);
                    counts.get(record.topic()).incrementAndGet();
                    positions.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
                }
                synchronized (this) {
                    notifyAll();
                }
            }
        } catch (WakeupException e) {
            // close() ends the poll.
        } catch (RuntimeException e) {
            failure = e;
            LOG.error("following {} stopped", counts.keySet(), e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Records handed on so far from {@code topic}. */
    public long count(String topic) {
        return counts.get(topic).get();
    }

    /**
     * Waits until every record that is in the topics now has been handed on.
     *
     * @return false if that did not happen within {@code timeout}
     */
    public boolean awaitCaughtUp(String bootstrapServers, Duration timeout) throws InterruptedException {
        Map<TopicPartition, Long> ends;
        try (KafkaConsumer<byte[], byte[]> offsets = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            ends = offsets.endOffsets(positions.keySet());
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (ends.entrySet().stream().anyMatch(e -> positions.get(e.getKey()) < e.getValue())) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || failure != null || !thread.isAlive()) {
                    return false;
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        consumer.wakeup();
        thread.join(Duration.ofSeconds(10).toMillis());
    }
}
