package dev.streampatterns.examples.leaderboards;

import dev.streampatterns.core.config.Config;
import dev.streampatterns.core.config.Setting;
import dev.streampatterns.core.config.Settings;
import dev.streampatterns.core.sink.DeadLetterSink;
import dev.streampatterns.core.sink.KafkaSink;
import dev.streampatterns.core.sink.RefusedRows;
import dev.streampatterns.core.sink.redis.RedisEndpoint;
import dev.streampatterns.core.source.KafkaSource;
import dev.streampatterns.examples.BackgroundGenerator;
import dev.streampatterns.examples.ChapterEventClock;
import dev.streampatterns.examples.ChapterOptions;
import dev.streampatterns.examples.ChapterRedis;
import dev.streampatterns.examples.ChapterRun;
import dev.streampatterns.examples.CountingSink;
import dev.streampatterns.examples.ExampleSettings;
import dev.streampatterns.examples.KafkaConnection;
import dev.streampatterns.generators.EventClock;
import dev.streampatterns.generators.GeneratorReport;
import dev.streampatterns.generators.WebsiteViewsDataset;
import dev.streampatterns.leaderboards.BoardIncrements;
import dev.streampatterns.leaderboards.BoardsJob;
import dev.streampatterns.leaderboards.Leaderboard;
import dev.streampatterns.leaderboards.MinutesPerUserWindow;
import dev.streampatterns.leaderboards.ViewColumns;
import dev.streampatterns.leaderboards.ViewsJob;
import dev.streampatterns.leaderboards.page.LivePage;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Chapter 6 of the course, website views (SPEC sections 6 and 10): a seeded generator sends CSV views
 * while the views job publishes the minutes viewed per user in 5-second event-time windows to
 * {@code streaming.views.minutes} (JSON) and keeps two running boards in Redis, {@code topics-leaderboard}
 * (views per topic) and {@code users-leaderboard} (minutes per user), exactly once per batch; both
 * boards' top N are printed at each batch and shown on a live page on 127.0.0.1.
 */
public final class ViewsExample {
    static final String NAME = "chapter6-views";
    static final Setting<String> TOPIC = Setting.string("topic", WebsiteViewsDataset.DEFAULT_TOPIC, "input topic");
    static final Setting<String> MINUTES_TOPIC = Setting.string("minutes-topic", ViewsJob.DEFAULT_MINUTES_TOPIC,
            "topic of the minutes viewed per user and window (JSON, key = user)");
    static final Setting<String> DEAD_LETTER_TOPIC = Setting.string("dead-letter-topic", "streaming.views.dead-letter",
            "topic for views that cannot be decoded, and for what a sink refuses");
    static final Setting<Long> EVENTS = ChapterRun.EVENTS.withDefault(1_000L);
    static final Setting<Double> RATE = ChapterRun.RATE.withDefault(25.0);
    static final ChapterEventClock EVENT_CLOCK = ChapterEventClock.of("view", WebsiteViewsDataset.DEFAULT_STEP,
            "250ms: twenty views per 5 s window", Duration.ofSeconds(3), "within the watermark: still counted");
    static final Setting<Duration> WINDOW = Setting.duration("window", MinutesPerUserWindow.DEFAULT_WINDOW,
            Duration.ofMillis(1), "length of the tumbling event-time windows of minutes per user");
    static final Setting<Duration> WATERMARK = Setting.duration("watermark", MinutesPerUserWindow.DEFAULT_WATERMARK,
            "how late a view may arrive and still be counted in its window");

    static final Settings SETTINGS = new Settings("bin/run-example " + NAME,
            "CSV website views from Kafka: minutes per user in 5-second event-time windows to Kafka (JSON), and the "
                    + "running boards topics-leaderboard and users-leaderboard in Redis, exactly once per batch; the top "
                    + "N on the console and on a live page (SPEC sections 6 and 10).",
            ExampleSettings.with(TOPIC, MINUTES_TOPIC, DEAD_LETTER_TOPIC, EVENTS, RATE, ChapterRun.MALFORMED,
                    ChapterRun.SEED, EVENT_CLOCK.step(), EVENT_CLOCK.lateFraction(), EVENT_CLOCK.lateness(), WINDOW, WATERMARK, BoardsChapter.TOP_N,
                    BoardsChapter.PAGE_PORT, BoardsChapter.PAGE_REFRESH, ChapterRedis.HOST, ChapterRedis.PORT,
                    ChapterRedis.PASSWORD, ChapterRun.MODE, ChapterRun.ON_SINK_ERROR, ChapterRun.MAX_REFUSED_FRACTION,
                    ChapterRun.TRIGGER, ChapterRun.MAX_OFFSETS, ChapterRun.STARTING_OFFSETS, ChapterRun.FOLLOW));

    /**
     * The chapter's options, typed.
     *
     * @param redis the Redis given; empty: a redis-server of the chapter's own
     */
    record Options(ChapterOptions chapter, String topic, String minutesTopic, String deadLetterTopic,
                   EventClock eventClock, MinutesPerUserWindow windows, BoardsChapter boards,
                   Optional<RedisEndpoint> redis) {
        static Options from(Config config) {
            return new Options(ChapterOptions.from(config), config.get(TOPIC), config.get(MINUTES_TOPIC),
                    config.get(DEAD_LETTER_TOPIC), EVENT_CLOCK.from(config, WebsiteViewsDataset.DEFAULT_START),
                    new MinutesPerUserWindow(config.get(WINDOW), config.get(WATERMARK)), BoardsChapter.from(config),
                    ChapterRedis.endpoint(config));
        }
    }

    private ViewsExample() {
    }

    public static void run(String[] args) throws Exception {
        ChapterRun.enter(SETTINGS, args, NAME, Options::from, ViewsExample::run);
    }

    private static void run(Options options) throws Exception {
        ChapterOptions chapter = options.chapter();
        List<BoardIncrements> boards = ViewsJob.boards();
        List<String> boardNames = boards.stream().map(BoardIncrements::name).toList();
        try (ChapterRedis.Server redis = ChapterRedis.givenOrOwn(options.redis(), NAME);
             LivePage page = LivePage.start(redis.endpoint(), boardNames, options.boards().topN(),
                     options.boards().pagePort(), options.boards().pageRefresh());
             KafkaConnection kafka = KafkaConnection.open(chapter)) {
            System.out.printf(Locale.ROOT, "Live page: %s — boards %s in %s%n", page.address(),
                    String.join(" and ", boardNames), redis.describe());
            kafka.ensureTopics(1, options.topic(), options.minutesTopic(), options.deadLetterTopic());
            BackgroundGenerator generated = BackgroundGenerator.start(kafka.bootstrapServers(),
                    new WebsiteViewsDataset(options.eventClock()), chapter.generator(options.topic()), chapter.events());
            DeadLetterSink deadLetters = DeadLetterSink.toKafka(kafka.bootstrapServers(), options.deadLetterTopic());
            AtomicLong windows = new AtomicLong();
            KafkaSink minutes = KafkaSink.to(kafka.bootstrapServers(), options.minutesTopic(), "key", "value")
                    .withRefusalPolicy(chapter.refusalPolicy(), deadLetters, RefusedRows.SourceColumns.NONE);
            ViewsJob views = new ViewsJob(options.windows(), CountingSink.of(windows, ViewsJob.toKafka(minutes)),
                    decoder(chapter), new BoardsJob(ViewsJob.BOARDS_QUERY, decoder(chapter), boards, redis.endpoint(),
                    deadLetters, chapter.refusalPolicy(), options.boards().topN(),
                    report -> System.out.print(BoardsChapter.describe(report))));
            ChapterRun.run(chapter, NAME, options.topic(), generated, job -> views.start(job,
                    KafkaSource.stream(chapter.source(kafka.bootstrapServers(), options.topic())), chapter.trigger()));
            GeneratorReport sent = generated.report();
            Map<String, List<Leaderboard.Entry>> tops = new LinkedHashMap<>();
            boardNames.forEach(board -> tops.put(board, new Leaderboard(redis.endpoint(), board)
                    .top(options.boards().topN())));
            System.out.printf(Locale.ROOT, "Done: %,d views generated and %,d malformed (in %s with their reasons); "
                    + "%,d windows of minutes per user published to %s (the windows still open at the end are not).%n"
                    + "Boards in %s:%n%s", sent.validSent(), sent.malformedSent(), options.deadLetterTopic(),
                    windows.get(), options.minutesTopic(), redis.describe(), BoardsChapter.finalTops(tops));
        }
    }

    private static dev.streampatterns.core.decode.TextDecoder decoder(ChapterOptions chapter) {
        return ViewColumns.decoder(ViewColumns.DEFAULT_MAX_CLOCK_SKEW).withMode(chapter.mode());
    }
}
