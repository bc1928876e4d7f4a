package dev.streampatterns.core.sink;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import scala.collection.Iterable;

/**
 * Renders rows as the text table of Spark's {@code Dataset.show(n, false)}: a border of {@code +---+},
 * column names, left-aligned cells, {@code NULL} for a null; a timestamp shows as its UTC instant
 * ({@code 2026-01-01T00:00:05Z}), the zone the project's tables hold, not the JVM's. Rendering to a string lets a report of
 * several tables be printed in one piece, so lines of concurrent output never interleave with it.
 */
public final class ConsoleTable {
    private ConsoleTable() {
    }

    public static String render(StructType schema, List<Row> rows) {
        String[] header = schema.fieldNames();
        List<String[]> cells = new ArrayList<>();
        for (Row row : rows) {
            String[] line = new String[header.length];
            for (int i = 0; i < header.length; i++) {
                line[i] = cell(row.get(i));
            }
            cells.add(line);
        }
        int[] widths = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            widths[i] = Math.max(3, header[i].length());
            for (String[] line : cells) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        String border = border(widths);
        out.append(border).append(line(header, widths)).append(border);
        for (String[] line : cells) {
            out.append(line(line, widths));
        }
        return out.append(border).toString();
    }

    private static String border(int[] widths) {
        StringBuilder out = new StringBuilder("+");
        for (int width : widths) {
            out.append("-".repeat(width)).append('+');
        }
        return out.append('\n').toString();
    }

    private static String line(String[] values, int[] widths) {
        StringBuilder out = new StringBuilder("|");
        for (int i = 0; i < values.length; i++) {
            out.append(values[i]).append(" ".repeat(widths[i] - values[i].length())).append('|');
        }
        return out.append('\n').toString();
    }

    private static String cell(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof byte[]) {
            StringBuilder hex = new StringBuilder("[");
            for (byte b : (byte[]) value) {
                hex.append(hex.length() > 1 ? " " : "").append(String.format("%02X", b));
            }
            return hex.append(']').toString();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant().toString();
        }
        if (value instanceof Row) {
            Row row = (Row) value;
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < row.length(); i++) {
                parts.add(cell(row.get(i)));
            }
            return "{" + String.join(", ", parts) + "}";
        }
        if (value instanceof Iterable) {
            return ((Iterable<?>) value).mkString("[", ", ", "]");
        }
        if (value instanceof Object[]) {
            return Arrays.toString((Object[]) value);
        }
        return String.valueOf(value);
    }
}
