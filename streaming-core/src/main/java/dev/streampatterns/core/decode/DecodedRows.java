package dev.streampatterns.core.decode;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The output of a decoder, and its two halves: the valid records and the dead letters.
 *
 * <p>Both halves are filters over the same decoded rows. Inside {@code foreachBatch}, wrap the batch
 * with {@link #of(Dataset)} after caching it (see {@code CachedBatch}): each record is then decoded
 * once, whatever the number of analyses and outputs that read it. On a streaming Dataset, each
 * query started from a half decodes its input again, as every Spark query reads its source anew.
 */
public final class DecodedRows {
    private final Dataset<Row> decoded;

    private DecodedRows(Dataset<Row> decoded) {
        this.decoded = decoded;
    }

    /** Wraps decoded rows, such as a {@code foreachBatch} batch of a decoder's output. */
    public static DecodedRows of(Dataset<Row> decoded) {
        List<String> columns = Arrays.asList(decoded.columns());
        for (String required : List.of(DecodedColumns.PAYLOAD, DecodedColumns.ERROR, DecodedColumns.VALUE,
                DecodedColumns.TOPIC, DecodedColumns.PARTITION, DecodedColumns.OFFSET)) {
            if (!columns.contains(required)) {
                throw new IllegalArgumentException("not the output of a decoder: no column '" + required
                        + "' in " + columns);
            }
        }
        return new DecodedRows(decoded);
    }

    /** Every decoded record, valid or not, with the columns of {@link DecodedColumns}. */
    public Dataset<Row> all() {
        return decoded;
    }

    /**
     * The same records, with the Kafka columns only a dead letter needs kept for dead letters alone:
     * on a valid record {@code key}, {@code topic} and {@code timestamp} become null (its raw
     * {@code value} already is), while {@code partition} and {@code offset} stay. Cache this rather
     * than {@link #all()} when the analyses of a batch read the payload and the dead letters: the
     * cached batch is built without copying a key, a topic name and a timestamp per record, which
     * in the user-events pipeline took a fifth of the time of building it ({@code bin/benchmark}).
     * {@link #valid()}, {@link #deadLetters()} and {@code validWithKafkaColumns("partition",
     * "offset")} give the same rows as on {@link #all()}.
     */
    public DecodedRows withKafkaColumnsOnlyOnDeadLetters() {
        Column malformed = col(DecodedColumns.ERROR).isNotNull();
        List<Column> columns = new ArrayList<>();
        for (String name : decoded.columns()) {
            columns.add(KAFKA_COLUMNS_OF_DEAD_LETTERS_ONLY.contains(name)
                    ? when(malformed, col(name)).as(name)
                    : col(name));
        }
        return new DecodedRows(decoded.select(columns.toArray(new Column[0])));
    }

    private static final List<String> KAFKA_COLUMNS_OF_DEAD_LETTERS_ONLY =
            List.of(DecodedColumns.KEY, DecodedColumns.TOPIC, DecodedColumns.TIMESTAMP);

    /** The valid records, as the payload's own columns. */
    public Dataset<Row> valid() {
        return decoded.where(col(DecodedColumns.ERROR).isNull()).select(DecodedColumns.PAYLOAD + ".*");
    }

    /**
     * The valid records with some Kafka columns beside the payload's, renamed {@code kafka_<name>}
     * so they never clash with a payload field of the same name (many payloads have a {@code timestamp}).
     */
    public Dataset<Row> validWithKafkaColumns(String... kafkaColumns) {
        List<Column> columns = new ArrayList<>();
        columns.add(col(DecodedColumns.PAYLOAD + ".*"));
        for (String name : kafkaColumns) {
            columns.add(col(name).as("kafka_" + name));
        }
        return decoded.where(col(DecodedColumns.ERROR).isNull()).select(columns.toArray(new Column[0]));
    }

    /** The records that could not be decoded, with the columns of {@link DeadLetter}. */
    public Dataset<Row> deadLetters() {
        return decoded.where(col(DecodedColumns.ERROR).isNotNull()).select(
                col(DecodedColumns.TOPIC).as(DeadLetter.TOPIC),
                col(DecodedColumns.PARTITION).as(DeadLetter.PARTITION),
                col(DecodedColumns.OFFSET).as(DeadLetter.OFFSET),
                col(DecodedColumns.TIMESTAMP).as(DeadLetter.TIMESTAMP),
                col(DecodedColumns.KEY).as(DeadLetter.KEY),
                col(DecodedColumns.VALUE).as(DeadLetter.VALUE),
                col(DecodedColumns.ERROR).as(DeadLetter.REASON));
    }
}
