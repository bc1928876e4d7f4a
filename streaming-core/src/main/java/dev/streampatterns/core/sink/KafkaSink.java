package dev.streampatterns.core.sink;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;

import dev.streampatterns.core.job.ConfigException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Writes a batch to a Kafka topic: a key column and a value column. Bytes are written as they are,
 * any other type as its text.
 *
 * <p><b>Delivery: at least once.</b> Spark's Kafka writer is not transactional: a batch that fails
 * half-way, or is replayed after a crash, is written again, and consumers may see a record twice.
 * To let them deduplicate, every record carries the header {@value #BATCH_ID_HEADER} (the batch id,
 * as decimal text); a record is identified by its key and batch id.
 */
public final class KafkaSink implements BatchSink {
    private static final long serialVersionUID = 1L;
    public static final String BATCH_ID_HEADER = "spark.batch.id";

    private final String topic;
    private final String keyColumn;
    private final String valueColumn;
    private final Map<String, String> producerOptions;
    private final List<String> headerColumns;

    private KafkaSink(String bootstrapServers, String topic, String keyColumn, String valueColumn,
                      Map<String, String> producerSettings, List<String> headerColumns) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new ConfigException("bootstrap-servers: missing for the Kafka sink of topic " + topic);
        }
        if (topic == null || !topic.matches("[A-Za-z0-9._-]{1,249}")) {
            throw new ConfigException("topic: '" + topic + "' is not a valid Kafka topic name");
        }
        this.topic = topic;
        this.keyColumn = keyColumn;
        this.valueColumn = valueColumn;
        Map<String, String> options = new LinkedHashMap<>();
        producerSettings.forEach((k, v) -> options.put(k.startsWith("kafka.") ? k : "kafka." + k, v));
        options.put("kafka.bootstrap.servers", bootstrapServers);
        options.putIfAbsent("kafka.acks", "all");
        this.producerOptions = Map.copyOf(options);
        this.headerColumns = List.copyOf(headerColumns);
    }

    /** A sink of {@code valueColumn} keyed by {@code keyColumn} (null for no key). */
    public static KafkaSink to(String bootstrapServers, String topic, String keyColumn, String valueColumn) {
        return new KafkaSink(bootstrapServers, topic, keyColumn, valueColumn, Map.of(), List.of());
    }

    /** The same sink with producer settings (with or without their {@code kafka.} prefix). */
    public KafkaSink withProducerSettings(Map<String, String> settings) {
        Map<String, String> merged = new LinkedHashMap<>(producerOptions);
        merged.putAll(settings);
        return new KafkaSink(producerOptions.get("kafka.bootstrap.servers"), topic, keyColumn, valueColumn, merged,
                headerColumns);
    }

    /** The same sink, adding a header per column: the column's name as key, its value as text. */
    public KafkaSink withHeaderColumns(String... columns) {
        return new KafkaSink(producerOptions.get("kafka.bootstrap.servers"), topic, keyColumn, valueColumn,
                producerOptions, Arrays.asList(columns));
    }

    public String topic() {
        return topic;
    }

    /** Bytes stay bytes; anything else is written as its text (Spark casts no number to bytes under ANSI). */
    private static Column asBytes(Dataset<Row> batch, String column) {
        boolean binary = batch.schema().apply(column).dataType().equals(DataTypes.BinaryType);
        return binary ? column(column) : column(column).cast(DataTypes.StringType).cast(DataTypes.BinaryType);
    }

    /** A column by its plain name, even one with dots such as {@code dead-letter.topic}. */
    private static Column column(String name) {
        return col("`" + name.replace("`", "``") + "`");
    }

    @Override
    public void write(Dataset<Row> batch, long batchId) {
        List<String> used = new ArrayList<>(headerColumns);
        used.add(keyColumn);
        used.add(valueColumn);
        for (String column : used) {
            if (column != null && !Arrays.asList(batch.columns()).contains(column)) {
                throw new IllegalArgumentException("Kafka sink of topic " + topic + ": no column '" + column
                        + "' in " + Arrays.toString(batch.columns()));
            }
        }
        Column key = keyColumn == null ? lit(null).cast("binary") : asBytes(batch, keyColumn);
        List<Column> headers = new ArrayList<>();
        headers.add(struct(lit(BATCH_ID_HEADER).as("key"),
                lit(String.valueOf(batchId).getBytes(StandardCharsets.UTF_8)).as("value")));
        for (String column : headerColumns) {
            headers.add(struct(lit(column).as("key"),
                    column(column).cast(DataTypes.StringType).cast(DataTypes.BinaryType).as("value")));
        }
        DataFrameWriter<Row> writer = batch
                .select(key.as("key"), asBytes(batch, valueColumn).as("value"), array(headers.toArray(new Column[0])).as("headers"))
                .write().format("kafka").option("topic", topic);
        producerOptions.forEach(writer::option);
        writer.save();
    }
}
