package dev.streampatterns.core.sink;

import org.apache.spark.sql.Row;

/**
 * A row a sink's server refused as a data error (a value too long or out of range, a duplicate of
 * a unique key), with the server's own message; the rest of its batch was written.
 */
public record RefusedRow(Row row, String reason) {
}
