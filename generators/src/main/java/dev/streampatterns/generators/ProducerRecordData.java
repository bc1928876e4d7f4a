package dev.streampatterns.generators;

import java.util.Arrays;
import java.util.Objects;

/**
 * One record a dataset wants sent: key (may be null), value, and an optional event timestamp in
 * epoch milliseconds that becomes the Kafka record timestamp (null: the producer's clock).
 * Equality compares the bytes, not the array references. {@code topic} is where the record goes;
 * null, as for most datasets, is the generator's topic ({@code GeneratorOptions.topic()}).
 */
public record ProducerRecordData(byte[] key, byte[] value, Long timestampMillis, String topic) {

    public ProducerRecordData {
        Objects.requireNonNull(value, "value");
    }

    /** A record for the generator's topic. */
    public ProducerRecordData(byte[] key, byte[] value, Long timestampMillis) {
        this(key, value, timestampMillis, null);
    }

    /**
     * The same record for {@code topic}, for a dataset that writes to more than one topic (the
     * clickstream's clicks and transactions).
     */
    public ProducerRecordData to(String destination) {
        return new ProducerRecordData(key, value, timestampMillis, Objects.requireNonNull(destination, "destination"));
    }

    /** A record without an event timestamp. */
    public static ProducerRecordData of(byte[] key, byte[] value) {
        return new ProducerRecordData(key, value, null);
    }

    /** A record stamped with {@code timestampMillis} (epoch milliseconds). */
    public static ProducerRecordData of(byte[] key, byte[] value, long timestampMillis) {
        return new ProducerRecordData(key, value, timestampMillis);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ProducerRecordData that
                && Arrays.equals(key, that.key)
                && Arrays.equals(value, that.value)
                && Objects.equals(timestampMillis, that.timestampMillis)
                && Objects.equals(topic, that.topic);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(key), Arrays.hashCode(value), timestampMillis, topic);
    }

    @Override
    public String toString() {
        return "ProducerRecordData[key=" + (key == null ? "null" : key.length + " bytes")
                + ", value=" + value.length + " bytes, timestampMillis=" + timestampMillis
                + (topic == null ? "" : ", topic=" + topic) + "]";
    }
}
