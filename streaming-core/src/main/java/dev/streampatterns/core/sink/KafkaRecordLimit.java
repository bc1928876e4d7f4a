package dev.streampatterns.core.sink;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;


import dev.streampatterns.core.source.KafkaAdmins;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.spark.sql.Column;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The largest record a Kafka sink can send to its topic, and an upper bound of each record's size,
 * so that a record the producer or the broker would refuse is found before the batch is written.
 *
 * <p>The limit is the smaller of the producer's {@code max.request.size} (1 MiB unless set) and the
 * topic's {@code max.message.bytes} (asked of the cluster once; the broker's default when the topic
 * does not exist yet or cannot be described). The size is the producer's own upper bound for a record
 * alone in a batch (61 bytes of batch header, at most 21 of record overhead, key, value and headers
 * each with their varint lengths), so a record under it is never refused as too large.
 */
final class KafkaRecordLimit {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaRecordLimit.class);
    private static final int DEFAULT_MAX_REQUEST_SIZE = 1_048_576;
    /** The broker's {@code message.max.bytes} default, for a topic that is created when first written. */
    private static final int DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;
    /** Batch header (61), record attributes, timestamp and offset deltas, lengths and header count (at most 21 + 15). */
    private static final int RECORD_OVERHEAD = 61 + 21 + 15;
    /** The two varint lengths of a header. */
    private static final int HEADER_OVERHEAD = 10;

    private KafkaRecordLimit() {
    }

    /** An upper bound of the size of a record of these bytes columns (nulls count as 0). */
    static Column sizeUpperBound(Column key, Column value, List<Column[]> headers) {
        Column size = lit(RECORD_OVERHEAD).plus(bytes(key)).plus(bytes(value));
        for (Column[] header : headers) {
            size = size.plus(lit(HEADER_OVERHEAD)).plus(bytes(header[0])).plus(bytes(header[1]));
        }
        return size;
    }

    private static Column bytes(Column binary) {
        return coalesce(length(binary), lit(0));
    }

    /** The limit, and where it comes from, for a topic written with these producer options ({@code kafka.} prefixed). */
    static Limit of(String topic, Map<String, String> producerOptions) {
        String requestSize = producerOptions.get("kafka." + ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        int producer = requestSize == null ? DEFAULT_MAX_REQUEST_SIZE : Integer.parseInt(requestSize.trim());
        int topicLimit = topicMaxMessageBytes(topic, producerOptions);
        return topicLimit < producer
                ? new Limit(topicLimit, "the limit of topic " + topic + " (" + TopicConfig.MAX_MESSAGE_BYTES_CONFIG + ")")
                : new Limit(producer, "the producer's " + ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
    }

    private static int topicMaxMessageBytes(String topic, Map<String, String> producerOptions) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        String servers = producerOptions.get("kafka." + AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        try (Admin client = KafkaAdmins.create(servers, producerOptions, Duration.ofSeconds(10))) {
            Config config = client.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource);
            ConfigEntry entry = config == null ? null : config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            return entry == null || entry.value() == null ? DEFAULT_MAX_MESSAGE_BYTES : Integer.parseInt(entry.value());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DEFAULT_MAX_MESSAGE_BYTES;
        } catch (Exception e) {
            // Not there yet (created on first write, with the broker's default) or not ours to describe.
            LOG.debug("cannot describe topic {}: {}; assuming the broker's default record limit", topic, e.toString(), e);
            return DEFAULT_MAX_MESSAGE_BYTES;
        }
    }

    /** The largest record size taken, and which setting sets it. */
    record Limit(int bytes, String source) {
    }
}
