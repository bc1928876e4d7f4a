package dev.streampatterns.core.sink.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streampatterns.core.decode.DeadLetter;
import dev.streampatterns.core.config.ConfigException;
import dev.streampatterns.core.sink.QueryBatch;
import dev.streampatterns.core.sink.RefusedRows;
import dev.streampatterns.core.sink.SinkException;
import dev.streampatterns.core.sink.SinkWrite;
import dev.streampatterns.servers.TestServers;
import dev.streampatterns.core.TestSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The JDBC sink on real PostgreSQL and MariaDB servers and on embedded H2. */
class JdbcSinkTest {
    /** Two streaming queries, as two checkpoints would give: their batch ids overlap. */
    private static final String QUERY = "query-" + UUID.randomUUID();
    private static final String OTHER_QUERY = "query-" + UUID.randomUUID();

    private static final StructType TOTALS = new StructType()
            .add("product", DataTypes.StringType).add("total", DataTypes.DoubleType).add("orders", DataTypes.LongType);

    @TempDir
    static Path h2Folder;

    private final SparkSession spark = TestSpark.local();

    static Stream<Arguments> databases() {
        return JdbcTestTargets.all(h2Folder);
    }

    private static String createTable(JdbcTarget target) throws SQLException {
        String table = "totals_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute(target, "CREATE TABLE " + table + " (product VARCHAR(50) PRIMARY KEY, total DOUBLE PRECISION, orders BIGINT)");
        return table;
    }

    private static void execute(JdbcTarget target, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(target.url(), target.user(), target.password());
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static Map<String, String> read(JdbcTarget target, String table) throws SQLException {
        Map<String, String> rows = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(target.url(), target.user(), target.password());
             Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT product, total, orders FROM " + table)) {
            while (r.next()) {
                rows.merge(r.getString(1), r.getDouble(2) + "/" + r.getLong(3), (a, b) -> a + "," + b);
            }
        }
        return rows;
    }

    private Dataset<Row> batch(Object[]... rows) {
        List<Row> list = new ArrayList<>();
        for (Object[] row : rows) {
            list.add(RowFactory.create(row));
        }
        // Three partitions, written in one transaction with one commit record for the batch.
        return spark.createDataFrame(list, TOTALS).repartition(3);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void replayedBatchIdAppendsNothing(String name, JdbcTarget target) throws SQLException {
        String table = createTable(target);
        JdbcSink sink = JdbcSink.builder("append-" + table, target, table).append().build();
        Dataset<Row> batch = batch(new Object[] {"Keyboard", 50.0, 2L}, new Object[] {"Mouse", 10.5, 1L},
                new Object[] {"Monitor", 140.0, 1L});

        SinkWrite first = sink.write(batch, new QueryBatch(QUERY, 5));
        Map<String, String> afterOne = read(target, table);
        SinkWrite replay = sink.write(batch, new QueryBatch(QUERY, 5));

        assertThat(first.skipped()).isFalse();
        assertThat(first.rowsWritten()).isEqualTo(3);
        assertThat(replay.skipped()).isTrue();
        assertThat(replay.rowsWritten()).isZero();
        assertThat(afterOne).isEqualTo(Map.of("Keyboard", "50.0/2", "Monitor", "140.0/1", "Mouse", "10.5/1"));
        assertThat(read(target, table)).isEqualTo(afterOne);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void upsertsByKeyWithTheDialectsOwnStatementAndIgnoresReplays(String name, JdbcTarget target) throws SQLException {
        String table = createTable(target);
        JdbcSink sink = JdbcSink.builder("upsert-" + table, target, table).upsertBy("product").build();

        sink.write(batch(new Object[] {"Keyboard", 25.0, 1L}, new Object[] {"Mouse", 10.5, 1L}), new QueryBatch(QUERY, 0));
        sink.write(batch(new Object[] {"Keyboard", 75.0, 3L}), new QueryBatch(QUERY, 1));
        // A replay of batch 1 with other rows: skipped.
        sink.write(batch(new Object[] {"Keyboard", 999.0, 9L}), new QueryBatch(QUERY, 1));

        assertThat(read(target, table)).isEqualTo(Map.of("Keyboard", "75.0/3", "Mouse", "10.5/1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void twoQueriesWithTheSameSinkNameAndBatchIdsDoNotSkipEachOthersBatches(String name, JdbcTarget target)
            throws SQLException {
        String table = createTable(target);
        JdbcSink sink = JdbcSink.builder("shared-" + table, target, table).append().build();

        sink.write(batch(new Object[] {"Keyboard", 25.0, 1L}), new QueryBatch(QUERY, 0));
        SinkWrite other = sink.write(batch(new Object[] {"Mouse", 10.5, 1L}), new QueryBatch(OTHER_QUERY, 0));
        sink.write(batch(new Object[] {"Mouse", 10.5, 1L}), new QueryBatch(OTHER_QUERY, 0)); // its own replay

        assertThat(other.skipped()).isFalse();
        assertThat(read(target, table)).isEqualTo(Map.of("Keyboard", "25.0/1", "Mouse", "10.5/1"));
        assertThat(commitRows(target, "shared-" + table)).containsExactlyInAnyOrder(QUERY + "/0", OTHER_QUERY + "/0");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void rowsTheDatabaseRefusesGoToTheDeadLetterAndTheRestCommitsOnce(String name, JdbcTarget target)
            throws SQLException {
        String table = createTable(target);
        List<Row> deadLetters = new CopyOnWriteArrayList<>();
        JdbcSink sink = JdbcSink.builder("refusing-" + table, target, table).append()
                .refusedRowsTo((letters, id) -> deadLetters.addAll(letters.collectAsList()),
                        new RefusedRows.SourceColumns(null, null, "orders"))
                .statementBatchSize(2)
                .build();
        String tooLong = "K".repeat(51); // the column is VARCHAR(50)
        Dataset<Row> batch = batch(new Object[] {"Keyboard", 25.0, 1L}, new Object[] {tooLong, 1.0, 7L},
                new Object[] {"Mouse", 10.5, 2L}, new Object[] {"Keyboard", 50.0, 3L}, // a duplicate primary key
                new Object[] {"Monitor", 140.0, 4L});

        SinkWrite first = sink.write(batch, new QueryBatch(QUERY, 0));
        SinkWrite replay = sink.write(batch, new QueryBatch(QUERY, 0));

        Map<String, String> rows = read(target, table);
        assertThat(rows.keySet()).containsExactlyInAnyOrder("Keyboard", "Mouse", "Monitor");
        assertThat(rows.get("Mouse")).isEqualTo("10.5/2");
        assertThat(rows.get("Monitor")).isEqualTo("140.0/4");
        // Which of the two Keyboards wins depends on the partitions' order; exactly one of them is kept.
        assertThat(rows.get("Keyboard")).isIn("25.0/1", "50.0/3");
        assertThat(first.rowsWritten()).isEqualTo(3);
        assertThat(first.rowsRefused()).isEqualTo(2);
        assertThat(replay.skipped()).isTrue();
        assertThat(deadLetters).hasSize(2); // the replay sent none again
        assertThat(deadLetters).allSatisfy(letter -> assertThat(letter.<String>getAs(DeadLetter.REASON))
                .startsWith("refused by JDBC sink 'refusing-" + table + "' (" + target + ", table " + table + "): "));
        assertThat(deadLetters).extracting(letter -> letter.<Long>getAs(DeadLetter.OFFSET))
                .containsExactlyInAnyOrder(7L, otherKeyboard(rows));
        assertThat(deadLetters).extracting(letter -> new String(letter.<byte[]>getAs(DeadLetter.VALUE), StandardCharsets.UTF_8))
                .contains("{\"product\":\"" + tooLong + "\",\"total\":1.0,\"orders\":7}");
    }

    /** An appending sink that dead-letters refused rows into {@code deadLetters}, unless more than a quarter is refused. */
    private static JdbcSink allowingAQuarterRefused(JdbcTarget target, String table, List<Row> deadLetters) {
        return JdbcSink.builder("quarter-" + table, target, table).append()
                .refusedRowsTo((letters, id) -> deadLetters.addAll(letters.collectAsList()), RefusedRows.SourceColumns.NONE)
                .maxRefusedFraction(0.25).build();
    }

    /** The orders of the Keyboard row that lost the race for the primary key. */
    private static long otherKeyboard(Map<String, String> rows) {
        return rows.get("Keyboard").equals("25.0/1") ? 3L : 1L;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void refusedRowsWithoutADeadLetterFailTheBatchAndWriteNothing(String name, JdbcTarget target) throws SQLException {
        String table = createTable(target);
        JdbcSink sink = JdbcSink.builder("strict-" + table, target, table).append().build();

        assertThatThrownBy(() -> sink.write(batch(new Object[] {"Mouse", 10.5, 1L},
                new Object[] {"M".repeat(60), 1.0, 1L}), new QueryBatch(QUERY, 0)))
                .isInstanceOf(SinkException.class)
                .hasMessageContaining("the database refused 1 of 2 rows and the sink has no dead letter for them");
        assertThat(read(target, table)).isEmpty();
        assertThat(commitRows(target, "strict-" + table)).isEmpty();
    }

    @Test
    void moreRefusedRowsThanTheAllowedFractionFailTheBatch() throws SQLException {
        JdbcTarget target = JdbcTarget.embeddedH2(h2Folder);
        String table = createTable(target);
        List<Row> deadLetters = new CopyOnWriteArrayList<>();
        JdbcSink sink = allowingAQuarterRefused(target, table, deadLetters);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) { // 11 of 40 too long: more than a quarter
            rows.add(new Object[] {(i < 11 ? "x".repeat(51) : "p") + i, 1.0, 1L});
        }

        assertThatThrownBy(() -> sink.write(batch(rows.toArray(new Object[0][])), new QueryBatch(QUERY, 0)))
                .hasMessageContaining("the database refused 11 of 40 rows, more than the allowed fraction 0.25");
        assertThat(read(target, table)).isEmpty();
        assertThat(deadLetters).isEmpty();
    }

    @Test
    void duplicatesOfRowsAlreadyWrittenDoNotCountAgainstTheFraction() throws SQLException {
        JdbcTarget target = JdbcTarget.embeddedH2(h2Folder);
        String table = createTable(target);
        List<Row> deadLetters = new CopyOnWriteArrayList<>();
        JdbcSink sink = allowingAQuarterRefused(target, table, deadLetters);
        List<Object[]> first = new ArrayList<>();
        List<Object[]> again = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            (i < 30 ? first : again).add(new Object[] {"p" + i, 1.0, 1L});
        }
        sink.write(batch(first.toArray(new Object[0][])), new QueryBatch(QUERY, 0));
        again.addAll(first); // a new query reads the 30 again, and 10 new ones

        SinkWrite write = sink.write(batch(again.toArray(new Object[0][])), new QueryBatch(OTHER_QUERY, 0));

        assertThat(write.rowsWritten()).isEqualTo(10);
        assertThat(write.rowsRefused()).isEqualTo(30);
        assertThat(read(target, table)).hasSize(40);
        assertThat(deadLetters).hasSize(30);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void commitRowsOfAnEarlierVersionAreMigratedAndSkipNoBatch(String name, JdbcTarget target) throws SQLException {
        // The earlier version's table, keyed by sink name and batch id alone.
        execute(target, "DROP TABLE IF EXISTS ssp_sink_commits");
        execute(target, "CREATE TABLE ssp_sink_commits (sink_name VARCHAR(200) NOT NULL, batch_id BIGINT NOT NULL, "
                + "partition_id INT NOT NULL, committed_at TIMESTAMP NOT NULL, PRIMARY KEY (sink_name, batch_id, partition_id))");
        String table = createTable(target);
        String sinkName = "legacy-" + table;
        execute(target, "INSERT INTO ssp_sink_commits VALUES ('" + sinkName + "', 0, -1, CURRENT_TIMESTAMP)");

        SinkWrite write = JdbcSink.builder(sinkName, target, table).append().build()
                .write(batch(new Object[] {"Mouse", 10.5, 1L}), new QueryBatch(QUERY, 0));

        assertThat(write.skipped()).isFalse();
        assertThat(read(target, table)).isEqualTo(Map.of("Mouse", "10.5/1"));
        assertThat(commitRows(target, sinkName)).containsExactlyInAnyOrder(
                JdbcCommitLog.LEGACY_QUERY_ID + "/0", QUERY + "/0");
        assertThatThrownBy(() -> execute(target, "SELECT COUNT(*) FROM ssp_sink_commits"))
                .as("the legacy table is dropped").isInstanceOf(SQLException.class);
    }

    private static List<String> commitRows(JdbcTarget target, String sinkName) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(target.url(), target.user(), target.password());
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT query_id, batch_id FROM " + JdbcSink.COMMITS_TABLE
                     + " WHERE sink_name = '" + sinkName + "'")) {
            while (r.next()) {
                rows.add(r.getString(1) + "/" + r.getLong(2));
            }
        }
        return rows;
    }

    @Test
    void databaseErrorFailsTheBatchNamingTheSinkWithoutThePassword() {
        TestServers.Database pg = TestServers.postgres();
        JdbcTarget target = JdbcTarget.of(pg.url(), pg.user(), "s3cret-password");
        JdbcSink sink = JdbcSink.builder("missing-table", target, "no_such_table").build();

        assertThatThrownBy(() -> sink.write(batch(new Object[] {"Mouse", 1.0, 1L}), new QueryBatch(QUERY, 3)))
                .hasMessageStartingWith("JDBC sink 'missing-table' (postgresql " + pg.url() + " as " + pg.user()
                        + ", table no_such_table): batch 3")
                .hasMessageContaining("no_such_table")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret-password"));
    }

    @Test
    void invalidTableNamesAndDialectsFailAtStartNamingTheOption() {
        JdbcTarget h2 = JdbcTarget.embeddedH2(h2Folder);
        assertThatThrownBy(() -> JdbcSink.builder("s", h2, "orders; DROP TABLE x").build())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("table: 'orders; DROP TABLE x' is not a valid SQL identifier");
        assertThatThrownBy(() -> JdbcSink.builder("s", h2, "t").upsertBy("bad-column").build())
                .hasMessageStartingWith("key-columns: 'bad-column' is not a valid SQL identifier");
        assertThatThrownBy(() -> JdbcDialect.named("jdbc-dialect", "oracle"))
                .hasMessage("jdbc-dialect: unknown dialect 'oracle'; accepted: POSTGRESQL, MARIADB, H2");
        assertThatThrownBy(() -> JdbcTarget.of("jdbc:oracle:thin:@db:1521/x", "u", "p"))
                .hasMessageStartingWith("jdbc-url: no supported database in 'jdbc:oracle:thin:@db:1521/x'; accepted: "
                        + "URLs starting with jdbc:postgresql:, jdbc:mariadb:, jdbc:mysql:, jdbc:h2:");
    }

    @Test
    void targetNeverShowsItsPassword() {
        JdbcTarget target = JdbcTarget.of("jdbc:postgresql://db:5432/app?password=hunter2&user=x", "app", "hunter2");
        assertThat(target.toString()).doesNotContain("hunter2").contains("password=***");
    }
}
