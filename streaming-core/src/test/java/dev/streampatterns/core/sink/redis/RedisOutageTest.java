package dev.streampatterns.core.sink.redis;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streampatterns.core.job.CheckpointLocations;
import dev.streampatterns.core.job.StreamingJob;
import dev.streampatterns.core.source.KafkaSource;
import dev.streampatterns.core.source.KafkaSourceOptions;
import dev.streampatterns.servers.KafkaBrokerExtension;
import dev.streampatterns.servers.RedisServerProcess;
import dev.streampatterns.servers.TestServers;
import dev.streampatterns.servers.TopicRecords;
import dev.streampatterns.core.TestSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * A Redis server that goes down mid-run fails the batch with an error naming the sink; once it is
 * back and the query restarts from its checkpoint, every total is exact — nothing lost, nothing doubled.
 */
class RedisOutageTest {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    private static final String TOPIC = "scores";
    private static final String[] PLAYERS = {"Bob", "Mike", "Kathy", "Sam"};

    private final SparkSession spark = TestSpark.local();
    private final Map<String, Long> expected = new HashMap<>();
    private int sent;

    /** Sends {@code count} scores "player,score" and adds them to the expected totals. */
    private void sendScores(int count) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.broker().bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++, sent++) {
                String player = PLAYERS[sent % PLAYERS.length];
                long score = 1 + (sent * 7L) % 10;
                expected.merge(player, score, Long::sum);
                producer.send(new ProducerRecord<>(TOPIC, (player + "," + score).getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    private StreamingQuery start(StreamingJob job, RedisSink sink) {
        Dataset<Row> scores = KafkaSource.readStream(spark, KafkaSourceOptions.builder()
                        .bootstrapServers(KAFKA.broker().bootstrapServers()).topics(TOPIC).build())
                .selectExpr("split(cast(value as string), ',') as parts")
                .select(col("parts").getItem(0).as("player"), col("parts").getItem(1).cast("long").as("score"));
        return job.start("outage-scores", scores.writeStream().foreachBatch(
                (org.apache.spark.api.java.function.VoidFunction2<Dataset<Row>, Long>) sink::write));
    }

    @Test
    void outageFailsTheBatchNamingTheSinkAndARestartLeavesExactTotals(@TempDir Path checkpoints) throws Exception {
        KAFKA.broker().createTopic(TOPIC, 2);
        try (RedisServerProcess redis = RedisServerProcess.start(TestServers.redisServerBinary())) {
            RedisEndpoint endpoint = RedisEndpoint.of("127.0.0.1", redis.port());
            RedisSink sink = RedisSink.sortedSetIncrements("outage-board", endpoint, "board", "player", "score");

            sendScores(200);
            try (StreamingJob job = StreamingJob.create(spark, CheckpointLocations.under(checkpoints))) {
                StreamingQuery query = start(job, sink);
                query.processAllAvailable();
                assertThat(board(endpoint)).isEqualTo(expected);

                redis.stop();
                sendScores(200);
                assertThatThrownBy(query::awaitTermination)
                        .hasMessageContaining("Redis sink 'outage-board' (redis 127.0.0.1:" + redis.port() + ", ZINCRBY board)");
            }

            redis.startAgain();
            sendScores(100);
            try (StreamingJob job = StreamingJob.create(spark, CheckpointLocations.under(checkpoints))) {
                start(job, sink).processAllAvailable();
            }
            assertThat(board(endpoint)).isEqualTo(expected);
            // And what the topic holds, read back by a plain consumer, adds up to the same totals.
            Map<String, Long> fromTopic = new HashMap<>();
            for (var record : TopicRecords.read(KAFKA.broker().bootstrapServers(), TOPIC, 500, java.time.Duration.ofSeconds(30))) {
                String[] parts = new String(record.value(), StandardCharsets.UTF_8).split(",");
                fromTopic.merge(parts[0], Long.parseLong(parts[1]), Long::sum);
            }
            assertThat(board(endpoint)).isEqualTo(fromTopic);
        }
    }

    private static Map<String, Long> board(RedisEndpoint endpoint) {
        Map<String, Long> totals = new HashMap<>();
        try (Jedis jedis = new Jedis("127.0.0.1", endpoint.port())) {
            jedis.zrangeWithScores("board", 0, -1).forEach(t -> totals.put(t.getElement(), (long) t.getScore()));
        }
        return totals;
    }
}
