package dev.streampatterns.core.sink;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.split;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streampatterns.core.job.CheckpointLocations;
import dev.streampatterns.core.job.StreamingJob;
import dev.streampatterns.core.sink.jdbc.JdbcSink;
import dev.streampatterns.core.sink.jdbc.JdbcTarget;
import dev.streampatterns.core.sink.jdbc.JdbcTestTargets;
import dev.streampatterns.core.sink.redis.RedisEndpoint;
import dev.streampatterns.core.sink.redis.RedisSink;
import dev.streampatterns.core.source.KafkaSource;
import dev.streampatterns.core.source.KafkaSourceOptions;
import dev.streampatterns.servers.KafkaBrokerExtension;
import dev.streampatterns.servers.TestServers;
import dev.streampatterns.core.TestSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;

/**
 * The exactly-once sinks in real streaming queries on a real broker, against real PostgreSQL,
 * MariaDB, H2 and Redis: a run on a new checkpoint writes every batch, though an earlier run of the
 * same sinks committed batches with the same ids; a batch replayed from the same checkpoint is
 * skipped, and says so in the log with its query and batch.
 */
@Timeout(180)
class ExactlyOnceAcrossCheckpointsTest {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir
    static Path h2Folder;

    private final SparkSession spark = TestSpark.local();
    private final String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final String table = "scores_" + id;
    private final String totalsKey = "scores:" + id;
    private final RedisEndpoint redis = RedisEndpoint.of(TestServers.redis().host(), TestServers.redis().port());

    static Stream<Arguments> databases() {
        return JdbcTestTargets.all(h2Folder);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aRunOnANewCheckpointWritesEveryBatchWhereAnEarlierRunOfTheSameSinksWrote(String name, JdbcTarget database,
            @TempDir Path dir) throws Exception {
        createTable(database);
        Map<String, Long> sent = new TreeMap<>();
        List<String> firstRun = send("run-a-" + id, 0, 40, sent);
        List<String> secondRun = send("run-b-" + id, 40, 60, sent);

        String firstQuery = runOnce(database, "run-a-" + id, dir.resolve("checkpoint-a"));
        String secondQuery = runOnce(database, "run-b-" + id, dir.resolve("checkpoint-b"));

        List<String> expectedRows = new ArrayList<>(firstRun);
        expectedRows.addAll(secondRun);
        assertThat(firstQuery).isNotEqualTo(secondQuery);
        assertThat(rows(database)).containsExactlyInAnyOrderElementsOf(expectedRows);
        assertThat(redisTotals()).isEqualTo(sent);
        assertThat(committedBatches(database, firstQuery, secondQuery)).containsExactlyInAnyOrder(firstQuery + "/0", secondQuery + "/0");
    }

    @Test
    void aBatchReplayedFromTheSameCheckpointIsSkippedAndTheLogSaysWhich(@TempDir Path dir) throws Exception {
        JdbcTarget database = JdbcTarget.embeddedH2(h2Folder);
        createTable(database);
        Map<String, Long> sent = new TreeMap<>();
        List<String> expectedRows = send("replayed-" + id, 0, 50, sent);
        Path checkpoint = dir.resolve("checkpoint");
        String queryId = runOnce(database, "replayed-" + id, checkpoint);

        // What a crash after the sinks committed and before Spark recorded the batch leaves behind:
        // the batch's offsets in the checkpoint, without its commit. The restart runs the batch again.
        forgetCommitOfBatch(checkpoint, 0);
        List<String> logged = new CopyOnWriteArrayList<>();
        try (CapturedLog ignored = CapturedLog.of(logged, JdbcSink.class, RedisSink.class)) {
            assertThat(runOnce(database, "replayed-" + id, checkpoint)).isEqualTo(queryId);
        }

        assertThat(rows(database)).containsExactlyInAnyOrderElementsOf(expectedRows);
        assertThat(redisTotals()).isEqualTo(sent);
        assertThat(logged).anyMatch(line -> line.startsWith("JDBC sink 'scores' (") && line.endsWith(
                "batch 0 of query " + queryId + " was committed before (a replay after a restart): skipped, nothing written"));
        assertThat(logged).anyMatch(line -> line.startsWith("Redis sink 'totals' (") && line.endsWith(
                "batch 0 of query " + queryId + " was committed before (a replay after a restart): skipped, nothing written"));
    }

    /** Sends {@code count} records "player,score", numbered from {@code first}; returns them as table rows. */
    private List<String> send(String topic, int first, int count, Map<String, Long> totals) {
        KAFKA.broker().createTopic(topic, 1);
        List<String> rows = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.broker().bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = first; i < first + count; i++) {
                String player = "player" + (i % 7);
                long score = 1 + (i * 13L) % 10;
                totals.merge(player, score, Long::sum);
                rows.add(player + "/" + score);
                producer.send(new ProducerRecord<>(topic, (player + "," + score).getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
        return rows;
    }

    /** One query over the topic until it has read everything, into both sinks; returns the query's id. */
    private String runOnce(JdbcTarget database, String topic, Path checkpoint) {
        JdbcSink scores = JdbcSink.builder("scores", database, table).append().build();
        RedisSink totals = RedisSink.hashIncrements("totals", redis, totalsKey, "player", "score");
        Dataset<Row> parsed = KafkaSource.readStream(spark, KafkaSourceOptions.builder()
                        .bootstrapServers(KAFKA.broker().bootstrapServers()).topics(topic).build())
                .select(split(col("value").cast("string"), ",").as("parts"))
                .select(col("parts").getItem(0).as("player"), col("parts").getItem(1).cast("long").as("score"));
        try (StreamingJob job = StreamingJob.create(spark, CheckpointLocations.under(checkpoint), null)) {
            StreamingQuery query = job.start("scores", parsed.writeStream().foreachBatch(
                    (VoidFunction2<Dataset<Row>, Long>) (batch, batchId) -> {
                        scores.write(batch, batchId);
                        totals.write(batch, batchId);
                    }));
            job.processAllAvailable();
            return query.id().toString();
        }
    }

    private static void forgetCommitOfBatch(Path checkpoint, long batchId) throws IOException {
        Path commits = checkpoint.resolve("scores").resolve("commits");
        assertThat(Files.deleteIfExists(commits.resolve(String.valueOf(batchId)))).as("commit of batch %d", batchId).isTrue();
        Files.deleteIfExists(commits.resolve("." + batchId + ".crc"));
    }

    private void createTable(JdbcTarget database) throws SQLException {
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (player VARCHAR(50) NOT NULL, score BIGINT NOT NULL)");
        }
    }

    private List<String> rows(JdbcTarget database) throws SQLException {
        return query(database, "SELECT player, score FROM " + table);
    }

    /** The commit rows of the sink 'scores' that belong to these queries (other tests share the database). */
    private static List<String> committedBatches(JdbcTarget database, String... queryIds) throws SQLException {
        return query(database, "SELECT query_id, batch_id FROM " + JdbcSink.COMMITS_TABLE + " WHERE sink_name = 'scores'")
                .stream().filter(row -> Stream.of(queryIds).anyMatch(queryId -> row.startsWith(queryId + "/")))
                .collect(Collectors.toList());
    }

    private static List<String> query(JdbcTarget database, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = database.connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                rows.add(r.getString(1) + "/" + r.getLong(2));
            }
        }
        return rows;
    }

    private Map<String, Long> redisTotals() {
        try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
            return jedis.hgetAll(totalsKey).entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> Long.parseLong(e.getValue()), (a, b) -> a, TreeMap::new));
        }
    }

    /** The formatted lines the named loggers write while it is open. */
    private static final class CapturedLog extends AbstractAppender implements AutoCloseable {
        private final List<String> lines;
        private final List<Logger> loggers = new ArrayList<>();

        private CapturedLog(List<String> lines) {
            super("captured-" + UUID.randomUUID(), null, null, true, Property.EMPTY_ARRAY);
            this.lines = lines;
        }

        static CapturedLog of(List<String> lines, Class<?>... sources) {
            CapturedLog appender = new CapturedLog(lines);
            appender.start();
            for (Class<?> source : sources) {
                Logger logger = (Logger) LogManager.getLogger(source);
                logger.addAppender(appender);
                appender.loggers.add(logger);
            }
            return appender;
        }

        @Override
        public void append(LogEvent event) {
            lines.add(event.getMessage().getFormattedMessage());
        }

        @Override
        public void close() {
            loggers.forEach(logger -> logger.removeAppender(this));
            stop();
        }
    }
}
