package dev.streampatterns.core.sink;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;

import dev.streampatterns.core.config.ConfigException;
import dev.streampatterns.core.config.Names;
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
import org.apache.spark.storage.StorageLevel;

/**
 * Writes a batch to a Kafka topic: a key column and a value column. Bytes are written as they are,
 * any other type as its text.
 *
 * <p><b>Delivery: at least once.</b> Spark's Kafka writer is not transactional: a batch that fails
 * half-way, or is replayed after a crash, is written again, and consumers may see a record twice.
 * To let them deduplicate, every record carries the header {@value #BATCH_ID_HEADER} (the batch id,
 * as decimal text); a record is identified by its key and batch id.
 *
 * <p><b>Records too large.</b> A record larger than the producer's {@code max.request.size} or the
 * topic's {@code max.message.bytes} would fail the write half-way, and every restart the same way.
 * The sink finds them first ({@link KafkaRecordLimit}): with {@link #withRefusedRowsTo} they go to the
 * dead letter (the row as JSON, its size and the limit as the reason) and the rest is written; without
 * one, or when more than {@link #withMaxRefusedFraction the allowed fraction} (half by default) of a
 * batch of 20 rows or more is too large, the batch fails before
 * anything is written, naming the limit.
 */
public final class KafkaSink implements BatchSink {
    private static final long serialVersionUID = 1L;
    public static final String BATCH_ID_HEADER = "spark.batch.id";
    /** The columns {@link OutputFormat#records} gives, for {@link #to}. */
    public static final String KEY = "key";
    public static final String VALUE = "value";

    private final String topic;
    private final String keyColumn;
    private final String valueColumn;
    private final Map<String, String> producerOptions;
    private final List<String> headerColumns;
    private final BatchSink refusedRows;
    private final RefusedRows.SourceColumns sourceColumns;
    private final double maxRefusedFraction;
    /** Asked of the cluster at the first write, on the driver. */
    private transient volatile KafkaRecordLimit.Limit limit;

    private KafkaSink(String topic, String keyColumn, String valueColumn, Map<String, String> producerOptions,
                      List<String> headerColumns, BatchSink refusedRows, RefusedRows.SourceColumns sourceColumns,
                      double maxRefusedFraction) {
        this.topic = Names.topic("topic", topic);
        this.keyColumn = keyColumn;
        this.valueColumn = valueColumn;
        this.producerOptions = Map.copyOf(producerOptions);
        this.headerColumns = List.copyOf(headerColumns);
        this.refusedRows = refusedRows;
        this.sourceColumns = sourceColumns;
        this.maxRefusedFraction = RefusedRows.requireFraction("max-refused-fraction", maxRefusedFraction);
    }

    /** A sink of {@code valueColumn} keyed by {@code keyColumn} (null for no key). */
    public static KafkaSink to(String bootstrapServers, String topic, String keyColumn, String valueColumn) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new ConfigException("bootstrap-servers: missing for the Kafka sink of topic " + topic);
        }
        return new KafkaSink(topic, keyColumn, valueColumn, producerOptions(Map.of(), bootstrapServers), List.of(), null,
                RefusedRows.SourceColumns.NONE, RefusedRows.DEFAULT_MAX_FRACTION);
    }

    private static Map<String, String> producerOptions(Map<String, String> settings, String bootstrapServers) {
        Map<String, String> options = prefixed(settings);
        options.put("kafka.bootstrap.servers", bootstrapServers);
        options.putIfAbsent("kafka.acks", "all");
        return options;
    }

    /** Spark's Kafka writer takes producer settings with the prefix {@code kafka.}. */
    private static Map<String, String> prefixed(Map<String, String> settings) {
        Map<String, String> options = new LinkedHashMap<>();
        settings.forEach((k, v) -> options.put(k.startsWith("kafka.") ? k : "kafka." + k, v));
        return options;
    }

    /**
     * The same sink, sending records too large for the topic to {@code deadLetters} instead of
     * failing the batch; the source columns, when the rows carry them, say where each was read.
     */
    public KafkaSink withRefusedRowsTo(BatchSink deadLetters, RefusedRows.SourceColumns source) {
        return new KafkaSink(topic, keyColumn, valueColumn, producerOptions, headerColumns,
                java.util.Objects.requireNonNull(deadLetters, "deadLetters"), java.util.Objects.requireNonNull(source, "source"),
                maxRefusedFraction);
    }

    /**
     * The same sink, failing a batch of at least {@value RefusedRows#FRACTION_APPLIES_FROM_ROWS} rows
     * when more than this fraction of it is too large (default {@value RefusedRows#DEFAULT_MAX_FRACTION}).
     */
    public KafkaSink withMaxRefusedFraction(double fraction) {
        return new KafkaSink(topic, keyColumn, valueColumn, producerOptions, headerColumns, refusedRows, sourceColumns,
                fraction);
    }

    /** The same sink under a job's policy: refused records to {@code deadLetters}, or a failed batch. */
    public KafkaSink withRefusalPolicy(RefusalPolicy policy, BatchSink deadLetters, RefusedRows.SourceColumns source) {
        KafkaSink limited = withMaxRefusedFraction(policy.maxRefusedFraction());
        return policy.deadLetters() ? limited.withRefusedRowsTo(deadLetters, source) : limited;
    }

    /** The same sink with producer settings (with or without their {@code kafka.} prefix). */
    public KafkaSink withProducerSettings(Map<String, String> settings) {
        Map<String, String> merged = new LinkedHashMap<>(producerOptions);
        merged.putAll(prefixed(settings));
        return new KafkaSink(topic, keyColumn, valueColumn, merged, headerColumns, refusedRows, sourceColumns,
                maxRefusedFraction);
    }

    /** The same sink, adding a header per column: the column's name as key, its value as text. */
    public KafkaSink withHeaderColumns(String... columns) {
        return new KafkaSink(topic, keyColumn, valueColumn, producerOptions, Arrays.asList(columns), refusedRows,
                sourceColumns, maxRefusedFraction);
    }

    public String topic() {
        return topic;
    }

    /**
     * This sink for rows of any schema: each row written as a JSON record, key = {@code keyColumn}
     * ({@link OutputFormat#records}). The sink must take the columns {@link #KEY} and {@link #VALUE}.
     */
    public BatchSink asJson(String keyColumn) {
        return (batch, batchId) -> write(OutputFormat.JSON.records(batch, keyColumn), batchId);
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
        // The size check and the write both read the batch. Kept between them, a micro-batch is read from
        // its source and decoded once, not twice; a batch its caller keeps already (CachedBatch) stays
        // the caller's.
        boolean keep = batch.storageLevel().equals(StorageLevel.NONE());
        Dataset<Row> kept = keep ? batch.persist(StorageLevel.MEMORY_AND_DISK()) : batch;
        try {
            writeKept(kept, batchId);
        } finally {
            if (keep) {
                kept.unpersist(false);
            }
        }
    }

    private void writeKept(Dataset<Row> batch, long batchId) {
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
        Column value = asBytes(batch, valueColumn);
        List<Column[]> headerParts = new ArrayList<>();
        headerParts.add(new Column[] {lit(BATCH_ID_HEADER), lit(String.valueOf(batchId).getBytes(StandardCharsets.UTF_8))});
        for (String column : headerColumns) {
            headerParts.add(new Column[] {lit(column), column(column).cast(DataTypes.StringType).cast(DataTypes.BinaryType)});
        }
        Column size = KafkaRecordLimit.sizeUpperBound(key, value, headerParts.stream()
                .map(h -> new Column[] {h[0].cast(DataTypes.StringType).cast(DataTypes.BinaryType), h[1]}).toList());
        KafkaRecordLimit.Limit max = limit();
        Dataset<Row> fitting = setAsideTooLarge(batch, size, max, batchId);

        Column[] headers = headerParts.stream().map(h -> struct(h[0].as("key"), h[1].as("value"))).toArray(Column[]::new);
        DataFrameWriter<Row> writer = fitting
                .select(key.as("key"), value.as("value"), array(headers).as("headers"))
                .write().format("kafka").option("topic", topic);
        producerOptions.forEach(writer::option);
        writer.save();
    }

    /** The rows that fit; the others go to the dead letter, or fail the batch before anything is written. */
    private Dataset<Row> setAsideTooLarge(Dataset<Row> batch, Column size, KafkaRecordLimit.Limit max, long batchId) {
        Column tooLarge = size.gt(max.bytes());
        // One pass for both counts: the check must not read the batch more than once more.
        Row counts = batch.agg(count_if(tooLarge), count(lit(1))).first();
        long refusedCount = counts.getLong(0);
        if (refusedCount == 0) {
            return batch;
        }
        Dataset<Row> refused = batch.where(tooLarge);
        String why = String.format(java.util.Locale.ROOT, "larger than %,d bytes, %s", max.bytes(), max.source());
        if (refusedRows == null || RefusedRows.tooMany(refusedCount, counts.getLong(1), maxRefusedFraction)) {
            throw new SinkException(String.format(java.util.Locale.ROOT, "%s: batch %d failed: %,d records are %s%s",
                    describe(), batchId, refusedCount, why, refusedRows == null
                            ? "; nothing was written (give the sink a dead letter with withRefusedRowsTo)"
                            : String.format(java.util.Locale.ROOT, "; more than the allowed fraction %.2f of the batch, "
                                    + "nothing was written", maxRefusedFraction)));
        }
        try {
            refusedRows.write(RefusedRows.asDeadLetters(refused, describe(),
                    concat(lit("a record of up to "), size.cast(DataTypes.StringType), lit(" bytes is " + why)),
                    sourceColumns), batchId);
            SinkRefusals.record(batch.sparkSession(), batchId, "kafka:" + topic, refusedCount);
        } catch (Exception e) {
            throw new SinkException(describe() + ": batch " + batchId + " failed: its dead letter could not be written: "
                    + e.getMessage(), e);
        }
        return batch.where(tooLarge.unary_$bang());
    }

    private KafkaRecordLimit.Limit limit() {
        KafkaRecordLimit.Limit known = limit;
        if (known == null) {
            known = KafkaRecordLimit.of(topic, producerOptions);
            limit = known;
        }
        return known;
    }

    public String describe() {
        return "Kafka sink of topic " + topic;
    }
}
