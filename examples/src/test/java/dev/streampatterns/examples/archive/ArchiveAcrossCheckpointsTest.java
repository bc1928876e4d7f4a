package dev.streampatterns.examples.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streampatterns.core.decode.DeadLetter;
import dev.streampatterns.core.job.CheckpointLocations;
import dev.streampatterns.core.job.StreamingJob;
import dev.streampatterns.core.sink.RefusalPolicy;
import dev.streampatterns.core.sink.RefusedRows;
import dev.streampatterns.core.sink.jdbc.JdbcSink;
import dev.streampatterns.core.sink.jdbc.JdbcTarget;
import dev.streampatterns.core.source.KafkaSource;
import dev.streampatterns.core.source.KafkaSourceOptions;
import dev.streampatterns.analytics.archive.EventArchiveJob;
import dev.streampatterns.analytics.archive.EventArchiveJob.BatchReport;
import dev.streampatterns.generators.Generator;
import dev.streampatterns.generators.GeneratorOptions;
import dev.streampatterns.generators.MovieEventsDataset;
import dev.streampatterns.generators.MovieEventsDataset.MovieEvent;
import dev.streampatterns.generators.ProducerFactory;
import dev.streampatterns.servers.EmbeddedKafkaBroker;
import dev.streampatterns.servers.KafkaBrokerExtension;
import dev.streampatterns.testkit.TestSparkSessions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive across runs into one database: runs on new checkpoints each archive what they read,
 * an event the table holds already is a dead letter (not a silent drop), and a replay from the same
 * checkpoint is reported as skipped, not as archived.
 */
@Timeout(240)
class ArchiveAcrossCheckpointsTest {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    private static final String TOPIC = "user-events";

    /** What one run of the archive reported, and the dead letters it sent. */
    private record Run(String queryId, List<BatchReport> reports, List<Row> deadLetters) {
        long archived() {
            return reports.stream().mapToLong(BatchReport::archived).sum();
        }

        long refused() {
            return reports.stream().mapToLong(BatchReport::refused).sum();
        }
    }

    @Test
    void twoRunsOnTheirOwnBrokersAndCheckpointsIntoOneDatabaseBothArchiveInFull(@TempDir Path dir) throws Exception {
        JdbcTarget h2 = JdbcTarget.embeddedH2(dir.resolve("h2"));
        List<Run> runs = new ArrayList<>();
        for (long seed = 1; seed <= 2; seed++) {
            // As two runs of bin/run-example event-archive: each starts its own broker, so both read offsets 0-99.
            try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
                generate(broker.bootstrapServers(), TOPIC, seed, 100);
                runs.add(archive(broker.bootstrapServers(), TOPIC, h2, dir.resolve("checkpoints-" + seed)));
            }
        }

        List<String> expected = new ArrayList<>(describe(MovieEventsDataset.events(1, 100)));
        expected.addAll(describe(MovieEventsDataset.events(2, 100)));
        assertThat(archivedEvents(h2)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(runs).allSatisfy(run -> {
            assertThat(run.archived()).isEqualTo(100);
            assertThat(run.reports()).noneMatch(BatchReport::replaySkipped);
            assertThat(run.deadLetters()).isEmpty();
        });
        assertThat(runs.get(0).queryId()).isNotEqualTo(runs.get(1).queryId());
        assertThat(query(h2, "SELECT COUNT(DISTINCT query_id) FROM " + JdbcSink.COMMITS_TABLE)).isEqualTo(2);
        assertThat(query(h2, "SELECT COUNT(DISTINCT source_cluster) FROM user_events")).isEqualTo(2);
    }

    @Test
    void aNewCheckpointOverArchivedEventsDeadLettersThemAndArchivesTheNewOnes(@TempDir Path dir) throws Exception {
        String servers = KAFKA.broker().bootstrapServers();
        KAFKA.broker().createTopic("reread", 1);
        JdbcTarget h2 = JdbcTarget.embeddedH2(dir.resolve("h2"));
        generate(servers, "reread", 3, 50);
        Run first = archive(servers, "reread", h2, dir.resolve("checkpoints-a"));
        generate(servers, "reread", 4, 30);

        Run second = archive(servers, "reread", h2, dir.resolve("checkpoints-b")); // reads from the earliest offset

        assertThat(first.archived()).isEqualTo(50);
        assertThat(second.archived()).isEqualTo(30);
        assertThat(second.refused()).isEqualTo(50);
        assertThat(second.deadLetters()).extracting(letter -> letter.<Long>getAs(DeadLetter.OFFSET))
                .containsExactlyInAnyOrderElementsOf(LongStream.range(0, 50).boxed().toList());
        assertThat(second.deadLetters()).allSatisfy(letter -> {
            assertThat(letter.<String>getAs(DeadLetter.TOPIC)).isEqualTo("reread");
            assertThat(letter.<String>getAs(DeadLetter.REASON))
                    .startsWith("refused by JDBC sink 'event-archive.user_events' (h2 ")
                    .containsIgnoringCase("USER_EVENTS_SOURCE_IDENTITY");
        });
        List<String> expected = new ArrayList<>(describe(MovieEventsDataset.events(3, 50)));
        expected.addAll(describe(MovieEventsDataset.events(4, 30)));
        assertThat(archivedEvents(h2)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void underTheFailPolicyARefusedRowFailsTheBatchAndARestartWithDeadLettersLosesNothing(@TempDir Path dir) throws Exception {
        String servers = KAFKA.broker().bootstrapServers();
        KAFKA.broker().createTopic("strict", 1);
        JdbcTarget h2 = JdbcTarget.embeddedH2(dir.resolve("h2"));
        generate(servers, "strict", 6, 20);
        archive(servers, "strict", h2, dir.resolve("checkpoints-a"));
        generate(servers, "strict", 7, 10);
        Path second = dir.resolve("checkpoints-b");   // reads the 20 archived events again: duplicates

        RefusalPolicy strict = new RefusalPolicy(RefusalPolicy.OnSinkError.FAIL, RefusedRows.DEFAULT_MAX_FRACTION);
        assertThatThrownBy(() -> archive(servers, "strict", h2, second, strict))
                .hasStackTraceContaining("the database refused 20 of 30 rows and the sink has no dead letter for them");
        assertThat(query(h2, "SELECT COUNT(*) FROM user_events")).isEqualTo(20);

        Run tolerant = archive(servers, "strict", h2, second, RefusalPolicy.DEFAULT);
        assertThat(tolerant.archived()).isEqualTo(10);
        assertThat(tolerant.refused()).isEqualTo(20);
        List<String> expected = new ArrayList<>(describe(MovieEventsDataset.events(6, 20)));
        expected.addAll(describe(MovieEventsDataset.events(7, 10)));
        assertThat(archivedEvents(h2)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void aBatchReplayedFromTheSameCheckpointIsReportedAsSkippedNotAsArchived(@TempDir Path dir) throws Exception {
        String servers = KAFKA.broker().bootstrapServers();
        KAFKA.broker().createTopic("replayed", 1);
        JdbcTarget h2 = JdbcTarget.embeddedH2(dir.resolve("h2"));
        generate(servers, "replayed", 5, 40);
        Path checkpoints = dir.resolve("checkpoints");
        Run first = archive(servers, "replayed", h2, checkpoints);
        // What a crash after the archive committed and before Spark recorded the batch leaves: its
        // offsets in the checkpoint without its commit. The restart runs batch 0 again.
        Path commits = checkpoints.resolve(EventArchiveJob.QUERY_NAME).resolve("commits");
        assertThat(Files.deleteIfExists(commits.resolve("0"))).isTrue();
        Files.deleteIfExists(commits.resolve(".0.crc"));

        Run replay = archive(servers, "replayed", h2, checkpoints);

        assertThat(replay.queryId()).isEqualTo(first.queryId());
        assertThat(replay.reports()).hasSize(1);
        BatchReport report = replay.reports().get(0);
        assertThat(report.replaySkipped()).isTrue();
        assertThat(report.archived()).isZero();
        assertThat(EventArchiveExample.describe(report, "user_events")).isEqualTo("batch 0 of query " + first.queryId()
                + " was archived before (a replay after a restart): skipped, nothing archived; 0 dead letters");
        assertThat(archivedEvents(h2)).containsExactlyInAnyOrderElementsOf(describe(MovieEventsDataset.events(5, 40)));
    }

    private static void generate(String servers, String topic, long seed, int events) {
        try (KafkaProducer<byte[], byte[]> producer = ProducerFactory.create(servers, Map.of())) {
            new Generator(producer, new MovieEventsDataset(), GeneratorOptions.builder().topic(topic).seed(seed)
                    .maxEvents(events).malformedFraction(0).build()).run();
        }
    }

    private static Run archive(String servers, String topic, JdbcTarget h2, Path checkpoints) {
        return archive(servers, topic, h2, checkpoints, RefusalPolicy.DEFAULT);
    }

    private static Run archive(String servers, String topic, JdbcTarget h2, Path checkpoints, RefusalPolicy refusals) {
        List<BatchReport> reports = new CopyOnWriteArrayList<>();
        List<Row> deadLetters = new CopyOnWriteArrayList<>();
        EventArchiveJob pipeline = ArchiveJobs.onH2(servers, h2, (rows, id) -> deadLetters.addAll(rows.collectAsList()),
                refusals, reports::add);
        try (StreamingJob job = StreamingJob.create(TestSparkSessions.local(), CheckpointLocations.under(checkpoints), null)) {
            StreamingQuery query = pipeline.start(job, KafkaSource.stream(KafkaSourceOptions.builder()
                    .bootstrapServers(servers).topics(topic).startingOffsets("earliest").build()), Duration.ofMillis(100));
            job.processAllAvailable();
            return new Run(query.id().toString(), reports, deadLetters);
        }
    }

    private static List<String> describe(List<MovieEvent> events) {
        return events.stream().map(e -> e.userId() + "/" + e.movieId() + "/" + e.eventType() + "/"
                + Instant.ofEpochMilli(e.timestampMillis())).toList();
    }

    private static List<String> archivedEvents(JdbcTarget h2) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = h2.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT user_id, movie_id, event_type, event_timestamp FROM user_events")) {
            while (r.next()) {
                rows.add(r.getLong(1) + "/" + r.getLong(2) + "/" + r.getString(3) + "/" + r.getTimestamp(4).toInstant());
            }
        }
        return rows;
    }

    private static long query(JdbcTarget h2, String sql) throws SQLException {
        try (Connection c = h2.connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
