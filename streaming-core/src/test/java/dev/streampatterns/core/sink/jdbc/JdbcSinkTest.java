package dev.streampatterns.core.sink.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streampatterns.core.job.ConfigException;
import dev.streampatterns.testkit.TestServers;
import dev.streampatterns.testkit.TestSparkSessions;
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
    private static final StructType TOTALS = new StructType()
            .add("product", DataTypes.StringType).add("total", DataTypes.DoubleType).add("orders", DataTypes.LongType);

    @TempDir
    static Path h2Folder;

    private final SparkSession spark = TestSparkSessions.local();

    static Stream<Arguments> databases() {
        TestServers.Database pg = TestServers.postgres();
        TestServers.Database maria = TestServers.mariadb();
        return Stream.of(
                Arguments.of("postgresql", JdbcTarget.of(pg.url(), pg.user(), pg.password())),
                Arguments.of("mariadb", JdbcTarget.of(maria.url(), maria.user(), maria.password())),
                Arguments.of("h2", JdbcTarget.embeddedH2(h2Folder)));
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

        sink.write(batch, 5);
        Map<String, String> afterOne = read(target, table);
        sink.write(batch, 5);

        assertThat(afterOne).isEqualTo(Map.of("Keyboard", "50.0/2", "Monitor", "140.0/1", "Mouse", "10.5/1"));
        assertThat(read(target, table)).isEqualTo(afterOne);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void upsertsByKeyWithTheDialectsOwnStatementAndIgnoresReplays(String name, JdbcTarget target) throws SQLException {
        String table = createTable(target);
        JdbcSink sink = JdbcSink.builder("upsert-" + table, target, table).upsertBy("product").build();

        sink.write(batch(new Object[] {"Keyboard", 25.0, 1L}, new Object[] {"Mouse", 10.5, 1L}), 0);
        sink.write(batch(new Object[] {"Keyboard", 75.0, 3L}), 1);
        sink.write(batch(new Object[] {"Keyboard", 999.0, 9L}), 1); // a replay of batch 1 with other rows: skipped

        assertThat(read(target, table)).isEqualTo(Map.of("Keyboard", "75.0/3", "Mouse", "10.5/1"));
    }

    @Test
    void databaseErrorFailsTheBatchNamingTheSinkWithoutThePassword() {
        TestServers.Database pg = TestServers.postgres();
        JdbcTarget target = JdbcTarget.of(pg.url(), pg.user(), "s3cret-password");
        JdbcSink sink = JdbcSink.builder("missing-table", target, "no_such_table").build();

        assertThatThrownBy(() -> sink.write(batch(new Object[] {"Mouse", 1.0, 1L}), 3))
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
