package dev.streampatterns.examples.leaderboards;

import dev.streampatterns.core.config.Config;
import dev.streampatterns.core.config.Setting;
import dev.streampatterns.core.config.Settings;
import dev.streampatterns.core.sink.DeadLetterSink;
import dev.streampatterns.core.sink.redis.RedisEndpoint;
import dev.streampatterns.core.source.KafkaSource;
import dev.streampatterns.examples.BackgroundGenerator;
import dev.streampatterns.examples.ChapterOptions;
import dev.streampatterns.examples.ChapterRedis;
import dev.streampatterns.examples.ChapterRun;
import dev.streampatterns.examples.ExampleSettings;
import dev.streampatterns.examples.KafkaConnection;
import dev.streampatterns.generators.GameScoresDataset;
import dev.streampatterns.generators.GeneratorReport;
import dev.streampatterns.leaderboards.BoardIncrements;
import dev.streampatterns.leaderboards.BoardsJob;
import dev.streampatterns.leaderboards.Leaderboard;
import dev.streampatterns.leaderboards.ScoreColumns;
import dev.streampatterns.leaderboards.page.LivePage;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Chapter 4 of the course, leaderboards (SPEC section 5): a seeded generator sends game scores keyed by
 * player while the boards job adds each batch's sums to the Redis sorted set {@code player-leaderboard},
 * exactly once per batch; the top N is printed at each batch and shown on a live page on 127.0.0.1.
 */
public final class LeaderboardExample {
    static final String NAME = "chapter4-leaderboard";
    static final Setting<String> TOPIC = Setting.string("topic", GameScoresDataset.DEFAULT_TOPIC, "input topic");
    static final Setting<String> DEAD_LETTER_TOPIC = Setting.string("dead-letter-topic",
            "streaming.leaderboards.dead-letter", "topic for scores that cannot be decoded, and for updates Redis refuses");
    static final Setting<Long> EVENTS = ChapterRun.EVENTS.withDefault(1_000L);
    static final Setting<Double> RATE = ChapterRun.RATE.withDefault(25.0);

    static final Settings SETTINGS = new Settings("bin/run-example " + NAME,
            "Game scores from Kafka (key = player, value = 1-10): a running board per player in the Redis sorted set "
                    + "player-leaderboard, exactly once per batch; the top N on the console and on a live page (SPEC "
                    + "section 5).",
            ExampleSettings.with(TOPIC, DEAD_LETTER_TOPIC, EVENTS, RATE, ChapterRun.MALFORMED, ChapterRun.SEED,
                    BoardsChapter.TOP_N, BoardsChapter.PAGE_PORT, BoardsChapter.PAGE_REFRESH, ChapterRedis.HOST,
                    ChapterRedis.PORT, ChapterRedis.PASSWORD, ChapterRun.MODE, ChapterRun.ON_SINK_ERROR,
                    ChapterRun.MAX_REFUSED_FRACTION, ChapterRun.TRIGGER, ChapterRun.MAX_OFFSETS,
                    ChapterRun.STARTING_OFFSETS, ChapterRun.FOLLOW));

    /**
     * The chapter's options, typed.
     *
     * @param redis the Redis given; empty: a redis-server of the chapter's own
     */
    record Options(ChapterOptions chapter, String topic, String deadLetterTopic, BoardsChapter boards,
                   Optional<RedisEndpoint> redis) {
        static Options from(Config config) {
            return new Options(ChapterOptions.from(config), config.get(TOPIC), config.get(DEAD_LETTER_TOPIC),
                    BoardsChapter.from(config), ChapterRedis.endpoint(config));
        }
    }

    private LeaderboardExample() {
    }

    public static void run(String[] args) throws Exception {
        ChapterRun.enter(SETTINGS, args, NAME, Options::from, LeaderboardExample::run);
    }

    private static void run(Options options) throws Exception {
        ChapterOptions chapter = options.chapter();
        BoardIncrements players = BoardIncrements.scoresPerPlayer();
        try (ChapterRedis.Server redis = ChapterRedis.givenOrOwn(options.redis(), NAME);
             LivePage page = LivePage.start(redis.endpoint(), List.of(players.name()), options.boards().topN(),
                     options.boards().pagePort(), options.boards().pageRefresh());
             KafkaConnection kafka = KafkaConnection.open(chapter)) {
            System.out.printf(Locale.ROOT, "Live page: %s — board %s in %s%n", page.address(), players.name(),
                    redis.describe());
            kafka.ensureTopics(1, options.topic(), options.deadLetterTopic());
            BackgroundGenerator generated = BackgroundGenerator.start(kafka.bootstrapServers(), new GameScoresDataset(),
                    chapter.generator(options.topic()), chapter.events());
            BoardsJob scores = new BoardsJob("player-board", ScoreColumns.decoder().withMode(chapter.mode()),
                    List.of(players), redis.endpoint(), DeadLetterSink.toKafka(kafka.bootstrapServers(),
                            options.deadLetterTopic()), chapter.refusalPolicy(), options.boards().topN(),
                    report -> System.out.print(BoardsChapter.describe(report)));
            ChapterRun.run(chapter, NAME, options.topic(), generated, job -> scores.start(job,
                    KafkaSource.stream(chapter.source(kafka.bootstrapServers(), options.topic())), chapter.trigger()));
            GeneratorReport sent = generated.report();
            System.out.printf(Locale.ROOT, "Done: %,d scores generated and %,d malformed (in %s with their reasons).%n"
                    + "Board %s in %s:%n%s", sent.validSent(), sent.malformedSent(), options.deadLetterTopic(),
                    players.name(), redis.describe(), BoardsChapter.finalTops(Map.of(players.name(),
                            new Leaderboard(redis.endpoint(), players.name()).top(options.boards().topN()))));
        }
    }
}
