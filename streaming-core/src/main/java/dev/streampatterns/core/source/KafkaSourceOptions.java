package dev.streampatterns.core.source;

import dev.streampatterns.core.config.ConfigException;
import dev.streampatterns.core.config.Names;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a Kafka source reads: typed, immutable and validated when built, so a wrong option fails at
 * start with a message that names it instead of deep inside the first micro-batch.
 *
 * <p>Defaults: {@code startingOffsets=earliest}, {@code failOnDataLoss=true}, no rate limit, and
 * the large consumer polls of {@link #DEFAULT_CONSUMER_SETTINGS}. Any {@code kafka.*} setting (SASL,
 * SSL, timeouts, or those polls) is passed to the consumer as it is and wins over a default.
 */
public final class KafkaSourceOptions {
    /**
     * Consumer settings this source starts from. Spark's Kafka reader seeks, polls, and then asks the
     * broker for the partition's earliest and latest offsets after <em>every</em> poll (two more
     * round trips); with the consumer's default of 500 records a poll, a batch of 1 M records costs
     * thousands of them. Polls of up to 20,000 records, with fetches of up to 8 MiB a partition so
     * that larger records fill them too, cut that to a few dozen: 1.3-1.5x the throughput of the
     * user-events pipeline in {@code bin/benchmark}. Polls of 100,000 measured the same within the
     * noise and hold five times as many records per task between garbage collections. A poll returns
     * what the broker has, so latency is unchanged.
     *
     * <p>Fetches wait at most 10 ms at the broker for data, not the consumer's 500: Spark's reader
     * only asks for offsets that exist, but after each poll the consumer sends the next fetch ahead,
     * and when no record follows (the stream paused, or the batch read up to the end) that fetch
     * waits at the broker, and the reader's next request to the broker waits behind it. The last
     * batch before a pause took 500 ms more than the others (docs/BENCHMARKS.md, section 8).
     */
    public static final Map<String, String> DEFAULT_CONSUMER_SETTINGS = Map.of(
            "kafka.max.poll.records", "20000",
            "kafka.fetch.max.wait.ms", "10",
            "kafka.max.partition.fetch.bytes", String.valueOf(8 * 1024 * 1024));

    private final String bootstrapServers;
    private final List<String> topics;
    private final String topicPattern;
    private final String startingOffsets;
    private final Long maxOffsetsPerTrigger;
    private final boolean failOnDataLoss;
    private final Map<String, String> kafkaSettings;

    private KafkaSourceOptions(Builder b) {
        this.bootstrapServers = b.bootstrapServers;
        this.topics = List.copyOf(b.topics);
        this.topicPattern = b.topicPattern;
        this.startingOffsets = b.startingOffsets;
        this.maxOffsetsPerTrigger = b.maxOffsetsPerTrigger;
        this.failOnDataLoss = b.failOnDataLoss;
        this.kafkaSettings = Collections.unmodifiableMap(new LinkedHashMap<>(b.kafkaSettings));
    }

    public static Builder builder() {
        return new Builder();
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public List<String> topics() {
        return topics;
    }

    public Optional<String> topicPattern() {
        return Optional.ofNullable(topicPattern);
    }

    public String startingOffsets() {
        return startingOffsets;
    }

    public Optional<Long> maxOffsetsPerTrigger() {
        return Optional.ofNullable(maxOffsetsPerTrigger);
    }

    public boolean failOnDataLoss() {
        return failOnDataLoss;
    }

    /** The {@code kafka.*} settings, keys with their prefix: the defaults and the ones given. */
    public Map<String, String> kafkaSettings() {
        return kafkaSettings;
    }

    /** The options as Spark's Kafka source takes them. */
    public Map<String, String> toSparkOptions() {
        Map<String, String> options = new LinkedHashMap<>(kafkaSettings);
        options.put("kafka.bootstrap.servers", bootstrapServers);
        if (topicPattern != null) {
            options.put("subscribePattern", topicPattern);
        } else {
            options.put("subscribe", String.join(",", topics));
        }
        options.put("startingOffsets", startingOffsets);
        options.put("failOnDataLoss", String.valueOf(failOnDataLoss));
        if (maxOffsetsPerTrigger != null) {
            options.put("maxOffsetsPerTrigger", String.valueOf(maxOffsetsPerTrigger));
        }
        return options;
    }

    public static final class Builder {
        private String bootstrapServers;
        private List<String> topics = List.of();
        private String topicPattern;
        private String startingOffsets = "earliest";
        private Long maxOffsetsPerTrigger;
        private boolean failOnDataLoss = true;
        private final Map<String, String> kafkaSettings = new LinkedHashMap<>(DEFAULT_CONSUMER_SETTINGS);

        public Builder bootstrapServers(String value) {
            this.bootstrapServers = value;
            return this;
        }

        public Builder topics(String... values) {
            this.topics = List.of(values);
            return this;
        }

        public Builder topics(List<String> values) {
            this.topics = List.copyOf(values);
            return this;
        }

        public Builder topicPattern(String regex) {
            this.topicPattern = regex;
            return this;
        }

        /** {@code earliest}, {@code latest}, or Spark's JSON of offsets per partition. */
        public Builder startingOffsets(String value) {
            this.startingOffsets = value;
            return this;
        }

        public Builder maxOffsetsPerTrigger(long value) {
            this.maxOffsetsPerTrigger = value;
            return this;
        }

        public Builder failOnDataLoss(boolean value) {
            this.failOnDataLoss = value;
            return this;
        }

        /** A consumer setting, with or without its {@code kafka.} prefix (e.g. {@code security.protocol}). */
        public Builder kafka(String key, String value) {
            kafkaSettings.put(key.startsWith("kafka.") ? key : "kafka." + key, Objects.requireNonNull(value, key));
            return this;
        }

        public KafkaSourceOptions build() {
            validate();
            return new KafkaSourceOptions(this);
        }

        private void validate() {
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new ConfigException("bootstrap-servers: missing; give host:port[,host:port...]");
            }
            for (String server : bootstrapServers.split(",")) {
                if (!server.trim().matches("[^\\s:]+:\\d{1,5}")) {
                    throw new ConfigException("bootstrap-servers: '" + server.trim() + "' is not host:port");
                }
            }
            boolean hasTopics = !topics.isEmpty();
            if (hasTopics == (topicPattern != null)) {
                throw new ConfigException("topics: give either a list of topics or a topic pattern, not "
                        + (hasTopics ? "both" : "neither"));
            }
            for (String topic : topics) {
                Names.topic("topics", topic);
            }
            String offsets = startingOffsets == null ? "" : startingOffsets.trim();
            if (!offsets.equals("earliest") && !offsets.equals("latest") && !offsets.startsWith("{")) {
                throw new ConfigException("starting-offsets: '" + startingOffsets
                        + "'; accepted: earliest, latest, or a JSON object of offsets per topic partition");
            }
            if (maxOffsetsPerTrigger != null && maxOffsetsPerTrigger <= 0) {
                throw new ConfigException("max-offsets-per-trigger: " + maxOffsetsPerTrigger + " must be positive");
            }
            for (String key : kafkaSettings.keySet()) {
                // Spark manages these itself and rejects them; say so now rather than at the first batch.
                String bare = key.substring("kafka.".length());
                if (List.of("group.id", "auto.offset.reset", "key.deserializer", "value.deserializer",
                        "enable.auto.commit", "interceptor.classes").contains(bare)) {
                    throw new ConfigException("kafka." + bare + " cannot be set: Spark's Kafka source manages it");
                }
            }
        }
    }
}
