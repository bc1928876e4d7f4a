package dev.streampatterns.core.decode;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
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
 *
 * <p>The rows come in one of two layouts, and {@link #valid()}, {@link #deadLetters()} and
 * {@link #validWithKafkaColumns} give the same rows from either:
 * <ul>
 *   <li>as the decoder gives them: the columns of {@link DecodedColumns#schema}, one per Kafka
 *       column beside {@code payload} and {@code error};</li>
 *   <li>{@linkplain #compact(String...) compact}, the layout to cache: {@code payload},
 *       {@code dead_letter} and only the Kafka columns asked for.</li>
 * </ul>
 */
public final class DecodedRows {
    private static final List<String> DECODER_COLUMNS = List.of(DecodedColumns.PAYLOAD, DecodedColumns.ERROR,
            DecodedColumns.VALUE, DecodedColumns.TOPIC, DecodedColumns.PARTITION, DecodedColumns.OFFSET);

    private final Dataset<Row> decoded;
    private final boolean compact;

    private DecodedRows(Dataset<Row> decoded, boolean compact) {
        this.decoded = decoded;
        this.compact = compact;
    }

    /**
     * Wraps decoded rows in either layout, such as a {@code foreachBatch} batch of a decoder's
     * output or of its {@link #compact(String...)} view.
     */
    public static DecodedRows of(Dataset<Row> decoded) {
        List<String> columns = Arrays.asList(decoded.columns());
        boolean compact = columns.contains(DecodedColumns.DEAD_LETTER);
        for (String required : compact ? List.of(DecodedColumns.PAYLOAD) : DECODER_COLUMNS) {
            if (!columns.contains(required)) {
                throw new IllegalArgumentException("not the output of a decoder: no column '" + required
                        + "' in " + columns);
            }
        }
        return new DecodedRows(decoded, compact);
    }

    /** Every decoded record, valid or not, in this view's layout. */
    public Dataset<Row> all() {
        return decoded;
    }

    /**
     * The same records in the layout to cache, two columns and the Kafka columns named:
     * <ul>
     *   <li>{@code payload}: the decoded record (null on a dead letter);</li>
     *   <li>{@code dead_letter}: a struct of the {@link DeadLetter} columns (null on a valid record);</li>
     *   <li>each of {@code kafkaColumnsOfEveryRecord} (such as {@code "partition", "offset"}), kept
     *       on every record for {@link #validWithKafkaColumns}.</li>
     * </ul>
     * Spark's in-memory cache builds a column per column, with its null positions and its
     * compression statistics; a record the decoder gives in eight columns is cached here in two.
     * Building the cached batch of the user-events pipeline took an eighth less time for it
     * ({@code docs/BENCHMARKS.md}).
     */
    public DecodedRows compact(String... kafkaColumnsOfEveryRecord) {
        List<Column> columns = new ArrayList<>();
        columns.add(col(DecodedColumns.PAYLOAD));
        columns.add(compact
                ? col(DecodedColumns.DEAD_LETTER)
                : when(col(DecodedColumns.ERROR).isNotNull(), struct(deadLetterColumns()))
                        .as(DecodedColumns.DEAD_LETTER));
        for (String name : kafkaColumnsOfEveryRecord) {
            columns.add(kafkaColumn(name));
        }
        return new DecodedRows(decoded.select(columns.toArray(new Column[0])), true);
    }

    /** The valid records, as the payload's own columns. */
    public Dataset<Row> valid() {
        return decoded.where(isValid()).select(DecodedColumns.PAYLOAD + ".*");
    }

    /**
     * The valid records with some Kafka columns beside the payload's, renamed {@code kafka_<name>}
     * so they never clash with a payload field of the same name (many payloads have a {@code timestamp}).
     */
    public Dataset<Row> validWithKafkaColumns(String... kafkaColumns) {
        List<Column> columns = new ArrayList<>();
        columns.add(col(DecodedColumns.PAYLOAD + ".*"));
        for (String name : kafkaColumns) {
            columns.add(kafkaColumn(name).as("kafka_" + name));
        }
        return decoded.where(isValid()).select(columns.toArray(new Column[0]));
    }

    /** The records that could not be decoded, with the columns of {@link DeadLetter}. */
    public Dataset<Row> deadLetters() {
        return compact
                ? decoded.where(col(DecodedColumns.DEAD_LETTER).isNotNull()).select(DecodedColumns.DEAD_LETTER + ".*")
                : decoded.where(col(DecodedColumns.ERROR).isNotNull()).select(deadLetterColumns());
    }

    /** A column that is not null on a dead letter and null on a valid record, in this view's layout. */
    Column deadLetterMarker() {
        return compact ? col(DecodedColumns.DEAD_LETTER) : col(DecodedColumns.ERROR);
    }

    private Column isValid() {
        return deadLetterMarker().isNull();
    }

    /** A Kafka column of every record; a compact view has only those it was made with. */
    private Column kafkaColumn(String name) {
        if (!Arrays.asList(decoded.columns()).contains(name) || DecodedColumns.PAYLOAD.equals(name)
                || DecodedColumns.DEAD_LETTER.equals(name) || DecodedColumns.ERROR.equals(name)) {
            throw new IllegalArgumentException("no Kafka column '" + name + "' on every record of these rows "
                    + Arrays.asList(decoded.columns()) + (compact
                            ? "; name it in compact(...) to keep it" : ""));
        }
        return col(name);
    }

    /** The {@link DeadLetter} columns, from the decoder's layout. */
    private static Column[] deadLetterColumns() {
        return new Column[] {
            col(DecodedColumns.TOPIC).as(DeadLetter.TOPIC),
            col(DecodedColumns.PARTITION).as(DeadLetter.PARTITION),
            col(DecodedColumns.OFFSET).as(DeadLetter.OFFSET),
            col(DecodedColumns.TIMESTAMP).as(DeadLetter.TIMESTAMP),
            col(DecodedColumns.KEY).as(DeadLetter.KEY),
            col(DecodedColumns.VALUE).as(DeadLetter.VALUE),
            col(DecodedColumns.ERROR).as(DeadLetter.REASON)};
    }
}
