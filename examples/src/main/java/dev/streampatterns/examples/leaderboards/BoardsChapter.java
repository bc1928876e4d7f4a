package dev.streampatterns.examples.leaderboards;

import dev.streampatterns.core.config.Config;
import dev.streampatterns.core.config.Setting;
import dev.streampatterns.core.sink.ConsoleTable;
import dev.streampatterns.leaderboards.BoardsJob;
import dev.streampatterns.leaderboards.Leaderboard;
import dev.streampatterns.leaderboards.page.LivePage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What the two boards chapters share: their page and top-N settings, and the console's view of a
 * batch — the top N of every board, as the live page shows them.
 *
 * @param topN        members of each board shown, on the console and on the page
 * @param pagePort    the live page's port on 127.0.0.1 (0: any free port)
 * @param pageRefresh how often the page's server reads the boards
 */
record BoardsChapter(int topN, int pagePort, Duration pageRefresh) {
    static final Setting<Integer> TOP_N = Setting.intValue("top-n", 5, 1, LivePage.MAX_N,
            "members of each board shown on the console and on the live page");
    static final Setting<Integer> PAGE_PORT = Setting.intValue("page-port", 0, 0, 65_535,
            "port of the live page on 127.0.0.1 (0: any free port; the address is printed)");
    static final Setting<Duration> PAGE_REFRESH = Setting.duration("page-refresh", LivePage.DEFAULT_REFRESH,
            Duration.ofMillis(10), "how often the live page's server reads the boards; a change is pushed to open pages");

    private static final StructType TOP = new StructType().add("rank", DataTypes.IntegerType)
            .add("member", DataTypes.StringType).add("score", DataTypes.StringType);

    static BoardsChapter from(Config config) {
        return new BoardsChapter(config.get(TOP_N), config.get(PAGE_PORT), config.get(PAGE_REFRESH));
    }

    /** A batch's lines: the top N of each board after it; none for a batch that read nothing. */
    static String describe(BoardsJob.BatchReport report) {
        if (report.rows() == 0) {
            return "";
        }
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "Batch %d: %,d record(s)%s%n", report.batchId(),
                report.rows(), report.replaySkipped() ? " (a replay: the boards had it, nothing added again)" : ""));
        report.tops().forEach((board, top) -> out.append(topTable(board, top)));
        return out.toString();
    }

    /** One board's top N as a table. */
    static String topTable(String board, List<Leaderboard.Entry> top) {
        List<Row> rows = new ArrayList<>();
        top.forEach(entry -> rows.add(RowFactory.create(entry.rank(), entry.member(), score(entry.score()))));
        return String.format(Locale.ROOT, "  %s, top %d:%n%s", board, top.size(), ConsoleTable.render(TOP, rows));
    }

    /** The tops of every board, read now, for the closing lines. */
    static String finalTops(Map<String, List<Leaderboard.Entry>> tops) {
        StringBuilder out = new StringBuilder();
        tops.forEach((board, top) -> out.append(topTable(board, top)));
        return out.toString();
    }

    private static String score(double score) {
        return score == Math.rint(score) ? String.format(Locale.ROOT, "%.0f", score) : String.valueOf(score);
    }
}
