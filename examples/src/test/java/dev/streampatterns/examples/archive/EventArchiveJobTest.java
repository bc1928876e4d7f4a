package dev.streampatterns.examples.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampatterns.core.decode.DeadLetter;
import dev.streampatterns.core.job.CheckpointLocations;
import dev.streampatterns.core.job.StreamingJob;
import dev.streampatterns.core.sink.DeadLetterSink;
import dev.streampatterns.core.sink.QueryBatch;
import dev.streampatterns.core.sink.jdbc.JdbcTarget;
import dev.streampatterns.analytics.archive.EventArchiveJob;
import dev.streampatterns.core.sink.RefusalPolicy;
import dev.streampatterns.core.source.KafkaSource;
import dev.streampatterns.core.source.KafkaSourceOptions;
import dev.streampatterns.generators.Generator;
import dev.streampatterns.generators.GeneratorOptions;
import dev.streampatterns.generators.MovieEventsDataset;
import dev.streampatterns.generators.MovieEventsDataset.MovieEvent;
import dev.streampatterns.generators.ProducerFactory;
import dev.streampatterns.servers.KafkaBrokerExtension;
import dev.streampatterns.testkit.TestSparkSessions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The archive pipeline in process, on embedded H2: exact rows, exact timestamps, dead letters with offsets. */
class EventArchiveJobTest {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    private static final long SEED = 8;

    @Test
    void archivesEveryValidEventOnceWithMillisecondTimestampsAndSetsMalformedOnesAside(@TempDir Path dir) throws Exception {
        String servers = KAFKA.broker().bootstrapServers();
        KAFKA.broker().createTopic("user-events", 1);
        try (KafkaProducer<byte[], byte[]> producer = ProducerFactory.create(servers, Map.of())) {
            new Generator(producer, new MovieEventsDataset(), GeneratorOptions.builder().topic("user-events").seed(SEED)
                    .maxEvents(300).malformedFraction(0.01).build()).run();
        }
        JdbcTarget h2 = JdbcTarget.embeddedH2(dir.resolve("h2"));
        List<Row> deadLetters = new CopyOnWriteArrayList<>();
        EventArchiveJob pipeline = ArchiveJobs.onH2(servers, h2, (rows, id) -> deadLetters.addAll(rows.collectAsList()),
                RefusalPolicy.DEFAULT, report -> { });
        SparkSession spark = TestSparkSessions.local();
        try (StreamingJob job = StreamingJob.create(spark, CheckpointLocations.under(dir.resolve("checkpoints")))) {
            pipeline.start(job, KafkaSource.stream(KafkaSourceOptions.builder().bootstrapServers(servers)
                    .topics("user-events").build()), Duration.ofMillis(100));
            job.processAllAvailable();
        }

        List<MovieEvent> expected = MovieEventsDataset.events(SEED, 300);
        List<String> archived = new ArrayList<>();
        try (Connection c = h2.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT user_id, movie_id, event_type, event_timestamp FROM user_events "
                     + "ORDER BY source_offset")) {
            while (r.next()) {
                archived.add(r.getLong(1) + "/" + r.getLong(2) + "/" + r.getString(3) + "/"
                        + r.getTimestamp(4).toInstant());
            }
        }
        assertThat(archived).containsExactlyElementsOf(expected.stream().map(e -> e.userId() + "/" + e.movieId() + "/"
                + e.eventType() + "/" + Instant.ofEpochMilli(e.timestampMillis())).toList());

        assertThat(deadLetters).hasSize(3);
        // Malformed records follow valid events 99, 199 and 299: offsets 100, 201, 302.
        assertThat(deadLetters).extracting(r -> r.<Long>getAs(DeadLetter.OFFSET)).containsExactly(100L, 201L, 302L);
        assertThat(deadLetters).extracting(r -> r.<String>getAs(DeadLetter.REASON))
                .allMatch(reason -> reason.equals("malformed JSON: the record ends inside the object"));
        try (Connection c = h2.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT SUM(events) FROM user_events_stats")) {
            r.next();
            assertThat(r.getLong(1)).isEqualTo(300);
        }
    }

    @Test
    void anEventTheTableCannotTakeIsADeadLetterAndTheOthersAreArchived(@TempDir Path dir) throws Exception {
        // The three events of issue 18 (the second's type is 80 characters, over VARCHAR(50)) and one
        // whose timestamp overflows timestamp_millis: each used to fail batch 0 on every restart.
        String tooLong = "x".repeat(80);
        List<String> records = List.of(
                "{\"user_id\":1,\"movie_id\":2,\"event_type\":\"click\",\"timestamp\":1701234567890}",
                "{\"user_id\":1,\"movie_id\":2,\"event_type\":\"" + tooLong + "\",\"timestamp\":1701234567890}",
                "{\"user_id\":3,\"movie_id\":4,\"event_type\":\"view\",\"timestamp\":1701234567890}",
                "{\"user_id\":5,\"movie_id\":6,\"event_type\":\"view\",\"timestamp\":99999999999999999}");
        String servers = KAFKA.broker().bootstrapServers();
        KAFKA.broker().createTopic("poison-events", 1);
        try (KafkaProducer<byte[], byte[]> producer = ProducerFactory.create(servers, Map.of())) {
            for (String record : records) {
                producer.send(new ProducerRecord<>("poison-events", record.getBytes(StandardCharsets.UTF_8))).get();
            }
        }
        JdbcTarget h2 = JdbcTarget.embeddedH2(dir.resolve("h2"));
        List<Row> deadLetters = new CopyOnWriteArrayList<>();
        EventArchiveJob pipeline = ArchiveJobs.onH2(servers, h2, (rows, id) -> deadLetters.addAll(rows.collectAsList()),
                RefusalPolicy.DEFAULT, report -> { });
        try (StreamingJob job = StreamingJob.create(TestSparkSessions.local(), CheckpointLocations.under(dir.resolve("cp")))) {
            pipeline.start(job, KafkaSource.stream(KafkaSourceOptions.builder().bootstrapServers(servers)
                    .topics("poison-events").build()), Duration.ofMillis(100));
            job.processAllAvailable();
        }

        List<String> archived = new ArrayList<>();
        try (Connection c = h2.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT source_offset, user_id, event_type, event_timestamp FROM user_events "
                     + "ORDER BY source_offset")) {
            while (r.next()) {
                archived.add(r.getLong(1) + "/" + r.getLong(2) + "/" + r.getString(3) + "/" + r.getTimestamp(4).toInstant());
            }
        }
        String at = Instant.ofEpochMilli(1701234567890L).toString();
        assertThat(archived).containsExactly("0/1/click/" + at, "2/3/view/" + at);
        assertThat(deadLetters).extracting(r -> r.<Long>getAs(DeadLetter.OFFSET) + ": " + r.<String>getAs(DeadLetter.REASON))
                .containsExactlyInAnyOrder(
                        "1: field 'event_type' is 80 characters long, over its limit of 50",
                        "3: field 'timestamp' is 99999999999999999 ms, not an epoch-millisecond time from year 1 to 9999");
        assertThat(deadLetters).extracting(r -> new String(r.<byte[]>getAs(DeadLetter.VALUE), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder(records.get(1), records.get(3));
    }

    @Test
    void deadLettersCanGoToFiles(@TempDir Path dir) {
        // The file dead-letter sink writes one folder per batch id; a replay rewrites it, not adds to it.
        DeadLetterSink files = DeadLetterSink.toFiles(dir);
        SparkSession spark = TestSparkSessions.local();
        var letters = spark.createDataFrame(List.of(org.apache.spark.sql.RowFactory.create("t", 0, 7L, null, null,
                new byte[] {1}, "bad")), DeadLetter.SCHEMA);
        QueryBatch batch = new QueryBatch("query-1", 4);
        files.write(letters, batch);
        files.write(letters, batch);
        assertThat(spark.read().json(dir.toString()).count()).isEqualTo(1);
        assertThat(files.destination()).isEqualTo("files under " + dir.toAbsolutePath());
    }
}
