package dev.streampatterns.analytics.archive;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.timestamp_millis;

import dev.streampatterns.core.pattern.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Shapes decoded user events into rows of the archive table (SPEC section 8): {@code user_id,
 * movie_id, event_type, event_timestamp, processed_at, source_cluster, source_topic,
 * source_partition, source_offset}. The four source columns identify the event (see
 * {@link ArchivedEventColumns#SOURCE_CLUSTER}).
 *
 * <p>The wire timestamp is epoch <i>milliseconds</i> and becomes a timestamp with
 * {@code timestamp_millis}: a plain cast would read it as seconds and put the event 50,000 years
 * ahead. {@code processed_at} is when the batch ran. The input is the decoder's valid rows with the
 * Kafka columns {@code kafka_topic}, {@code kafka_partition} and {@code kafka_offset}
 * ({@code DecodedRows.validWithKafkaColumns("topic", "partition", "offset")}).
 */
public final class EventArchive implements Pattern {
    private static final long serialVersionUID = 1L;
    private final String sourceCluster;

    /** @param sourceCluster the id of the Kafka cluster the events are read from ({@code KafkaSource.clusterId}) */
    public EventArchive(String sourceCluster) {
        this.sourceCluster = java.util.Objects.requireNonNull(sourceCluster, "sourceCluster");
    }

    @Override
    public String name() {
        return "event-archive";
    }

    @Override
    public Dataset<Row> apply(Dataset<Row> events) {
        return events.select(
                col(ArchivedEventColumns.USER_ID),
                col(ArchivedEventColumns.MOVIE_ID),
                col(ArchivedEventColumns.EVENT_TYPE),
                timestamp_millis(col(ArchivedEventColumns.TIMESTAMP)).as(ArchivedEventColumns.EVENT_TIMESTAMP),
                current_timestamp().as(ArchivedEventColumns.PROCESSED_AT),
                lit(sourceCluster).as(ArchivedEventColumns.SOURCE_CLUSTER),
                col("kafka_topic").as(ArchivedEventColumns.SOURCE_TOPIC),
                col("kafka_partition").as(ArchivedEventColumns.SOURCE_PARTITION),
                col("kafka_offset").as(ArchivedEventColumns.SOURCE_OFFSET));
    }

    /** Events per event type ({@code event_type, events}), for running totals. */
    public static Dataset<Row> eventsPerType(Dataset<Row> events) {
        return eventsPer(ArchivedEventColumns.EVENT_TYPE, events);
    }

    /** Events per user ({@code user_id, events}), for running totals. */
    public static Dataset<Row> eventsPerUser(Dataset<Row> events) {
        return eventsPer(ArchivedEventColumns.USER_ID, events);
    }

    private static Dataset<Row> eventsPer(String column, Dataset<Row> events) {
        return events.groupBy(col(column)).count().withColumnRenamed("count", ArchivedEventColumns.EVENTS);
    }
}
