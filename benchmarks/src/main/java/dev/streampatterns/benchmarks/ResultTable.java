package dev.streampatterns.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** The rows of a run, as an aligned text table, Markdown or CSV. */
final class ResultTable {
    private static final List<Column> COLUMNS = List.of(
            new Column("scenario", ResultRow::scenario),
            new Column("variant", ResultRow::variant),
            new Column("events", r -> String.format(Locale.ROOT, "%,d", r.events())),
            new Column("seconds", r -> String.format(Locale.ROOT, "%.3f", r.seconds())),
            new Column("events/s", r -> String.format(Locale.ROOT, "%,.0f", r.eventsPerSecond())),
            new Column("CPU s", r -> String.format(Locale.ROOT, "%.2f", r.cpuSeconds())),
            new Column("p50 ms", r -> r.latencies() == null ? "-" : String.format(Locale.ROOT, "%.0f", r.latencies().p50())),
            new Column("p99 ms", r -> r.latencies() == null ? "-" : String.format(Locale.ROOT, "%.0f", r.latencies().p99())),
            new Column("peak heap MiB", r -> String.format(Locale.ROOT, "%,d", r.peakHeapBytes() / (1024 * 1024))),
            new Column("x baseline", r -> String.format(Locale.ROOT, "%.2f", r.ratio())),
            new Column("load 1m", r -> String.format(Locale.ROOT, "%.2f", r.load())),
            new Column("notes", ResultRow::notes));

    private final List<ResultRow> rows;

    ResultTable(List<ResultRow> rows) {
        this.rows = List.copyOf(rows);
    }

    List<ResultRow> rows() {
        return rows;
    }

    private record Column(String title, Function<ResultRow, String> value) {
    }

    /** Columns padded to their widest cell, for a terminal. */
    String text() {
        int[] widths = new int[COLUMNS.size()];
        List<List<String>> cells = cells();
        for (List<String> line : cells) {
            for (int i = 0; i < line.size(); i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int l = 0; l < cells.size(); l++) {
            List<String> line = cells.get(l);
            for (int i = 0; i < line.size(); i++) {
                boolean last = i == line.size() - 1;
                out.append(last ? line.get(i) : String.format("%-" + widths[i] + "s  ", line.get(i)));
            }
            out.append('\n');
            if (l == 0) {
                widths[widths.length - 1] = "notes".length();
                for (int w : widths) {
                    out.append("-".repeat(w)).append("  ");
                }
                out.setLength(out.length() - 2);
                out.append('\n');
            }
        }
        return out.toString();
    }

    String markdown() {
        StringBuilder out = new StringBuilder();
        List<List<String>> cells = cells();
        for (int l = 0; l < cells.size(); l++) {
            out.append("| ").append(String.join(" | ", cells.get(l).stream().map(c -> c.replace("|", "\\|")).toList()))
                    .append(" |\n");
            if (l == 0) {
                out.append("|").append("---|".repeat(COLUMNS.size())).append('\n');
            }
        }
        return out.toString();
    }

    String csv() {
        StringBuilder out = new StringBuilder("scenario,variant,events,seconds,events_per_second,cpu_seconds,p50_ms,p95_ms,p99_ms,"
                + "peak_heap_bytes,ratio_to_baseline,load_1m,notes\n");
        for (ResultRow r : rows) {
            Latencies l = r.latencies();
            out.append(String.join(",", quote(r.scenario()), quote(r.variant()), String.valueOf(r.events()),
                    String.format(Locale.ROOT, "%.4f", r.seconds()), String.format(Locale.ROOT, "%.1f", r.eventsPerSecond()),
                    String.format(Locale.ROOT, "%.3f", r.cpuSeconds()),
                    l == null ? "" : String.valueOf(l.p50()), l == null ? "" : String.valueOf(l.p95()),
                    l == null ? "" : String.valueOf(l.p99()), String.valueOf(r.peakHeapBytes()),
                    String.format(Locale.ROOT, "%.4f", r.ratio()), String.format(Locale.ROOT, "%.2f", r.load()),
                    quote(r.notes()))).append('\n');
        }
        return out.toString();
    }

    private List<List<String>> cells() {
        List<List<String>> cells = new ArrayList<>();
        cells.add(COLUMNS.stream().map(Column::title).toList());
        for (ResultRow row : rows) {
            cells.add(COLUMNS.stream().map(c -> c.value().apply(row)).toList());
        }
        return cells;
    }

    private static String quote(String value) {
        return "\"" + value.replace("\"", "\"\"") + "\"";
    }
}
