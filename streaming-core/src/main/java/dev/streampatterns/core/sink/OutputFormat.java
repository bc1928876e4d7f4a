package dev.streampatterns.core.sink;

import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_csv;
import static org.apache.spark.sql.functions.to_json;

import java.util.Map;
import org.apache.spark.sql.Column;

/**
 * How a pattern's row is written as a record value, the one encoder of every pattern that writes to
 * Kafka ({@link KafkaSink} takes the column it gives): a JSON object (every field named) or a CSV line.
 * Timestamps are ISO-8601 in UTC with milliseconds, {@code 2026-01-01T00:00:07.000Z}, whatever the
 * session's time zone; a CSV field is quoted only when it holds a comma, a quote or a line break.
 */
public enum OutputFormat {
    JSON, CSV;

    private static final Map<String, String> OPTIONS = Map.of(
            "timestampFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
            "timeZone", "UTC");

    /** The value column: the JSON object of {@code jsonFields}, or the CSV line of {@code csvFields}. */
    public Column value(Column[] jsonFields, Column[] csvFields) {
        return this == JSON ? to_json(struct(jsonFields), OPTIONS) : to_csv(struct(csvFields), OPTIONS);
    }

    /**
     * {@code rows} as Kafka records for {@link KafkaSink}: {@code key} = the text of {@code keyColumn},
     * {@code value} = every column of the row in this format (JSON: an object with every field named).
     */
    public org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> records(
            org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> rows, String keyColumn) {
        Column[] fields = java.util.Arrays.stream(rows.columns()).map(org.apache.spark.sql.functions::col)
                .toArray(Column[]::new);
        return rows.select(org.apache.spark.sql.functions.col(keyColumn).cast("string").as(KafkaSink.KEY),
                value(fields, fields).as(KafkaSink.VALUE));
    }
}
