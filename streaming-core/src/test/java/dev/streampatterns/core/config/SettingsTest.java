package dev.streampatterns.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streampatterns.core.decode.DecodeMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
    private static final Setting<String> SERVERS = Setting.string("bootstrap-servers", "", "Kafka").alsoEnv("KAFKA_BROKER");
    private static final Setting<Long> EVENTS = Setting.longValue("events", 50, 0, 1_000_000, "events to send");
    private static final Setting<DecodeMode> MODE = Setting.choice("mode", DecodeMode.class, DecodeMode.PERMISSIVE, "decode mode");
    private static final Setting<Boolean> FOLLOW = Setting.bool("follow", false, "keep running");
    private static final Setting<Duration> TRIGGER = Setting.duration("trigger", Duration.ofSeconds(1), "trigger interval");
    private static final Settings SETTINGS = new Settings("demo", "A demo.", SERVERS, EVENTS, MODE, FOLLOW, TRIGGER);

    @Test
    void defaultsApplyWhenNothingIsGiven() {
        Config config = SETTINGS.load(new String[0], Map.of());
        assertThat(config.get(EVENTS)).isEqualTo(50L);
        assertThat(config.get(MODE)).isEqualTo(DecodeMode.PERMISSIVE);
        assertThat(config.get(FOLLOW)).isFalse();
        assertThat(config.origin(EVENTS)).isEqualTo("default");
        assertThat(config.describeOverrides()).isEqualTo("all defaults");
    }

    @Test
    void layersAreFileThenEnvironmentThenCommandLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("job.properties");
        Files.writeString(file, "events=10\nmode=failfast\nbootstrap-servers=file:9092\n");

        Config fileOnly = SETTINGS.load(new String[] {"--config", file.toString()}, Map.of());
        assertThat(fileOnly.get(EVENTS)).isEqualTo(10L);
        assertThat(fileOnly.get(MODE)).isEqualTo(DecodeMode.FAILFAST);

        Config withEnv = SETTINGS.load(new String[] {"--config", file.toString()},
                Map.of("SSP_EVENTS", "20", "KAFKA_BROKER", "env:9092"));
        assertThat(withEnv.get(EVENTS)).isEqualTo(20L);
        assertThat(withEnv.get(SERVERS)).isEqualTo("env:9092");
        assertThat(withEnv.origin(SERVERS)).isEqualTo("env KAFKA_BROKER");

        Config withCli = SETTINGS.load(new String[] {"--config", file.toString(), "--events=30", "--follow",
            "--trigger", "500ms"}, Map.of("SSP_EVENTS", "20"));
        assertThat(withCli.get(EVENTS)).isEqualTo(30L);
        assertThat(withCli.get(FOLLOW)).isTrue();
        assertThat(withCli.get(TRIGGER)).isEqualTo(Duration.ofMillis(500));
        assertThat(withCli.get(MODE)).isEqualTo(DecodeMode.FAILFAST);
    }

    @Test
    void badValuesNameTheOptionItsOriginAndTheAcceptedValues() {
        assertThatThrownBy(() -> SETTINGS.load(new String[] {"--mode", "lenient"}, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--mode (from command line): invalid value 'lenient'; accepted: PERMISSIVE, FAILFAST");
        assertThatThrownBy(() -> SETTINGS.load(new String[0], Map.of("SSP_EVENTS", "-1")))
                .hasMessage("--events (from env SSP_EVENTS): invalid value '-1'; accepted: a whole number from 0 to 1000000");
        assertThatThrownBy(() -> SETTINGS.load(new String[] {"--trigger", "soon"}, Map.of()))
                .hasMessageContaining("--trigger (from command line): invalid value 'soon'");
    }

    @Test
    void unknownOptionsAndKeysAreErrors(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> SETTINGS.load(new String[] {"--evnts", "3"}, Map.of()))
                .hasMessage("unknown option --evnts. Run demo --help to list the options.");
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "evnts=3\n");
        assertThatThrownBy(() -> SETTINGS.load(new String[] {"--config", file.toString()}, Map.of()))
                .hasMessageContaining("unknown key 'evnts' in " + file);
        assertThatThrownBy(() -> SETTINGS.load(new String[] {"--events"}, Map.of()))
                .hasMessageContaining("--events needs a value");
    }

    @Test
    void aDurationBelowItsMinimumFailsAtStartNamingTheOptionAndWhatItAccepts() {
        Setting<Duration> step = Setting.duration("event-step", Duration.ofSeconds(1), Duration.ofMillis(1), "step");
        Settings settings = new Settings("demo", "A demo.", step, TRIGGER);

        assertThatThrownBy(() -> settings.load(new String[] {"--event-step", "0s"}, Map.of()))
                .hasMessage("--event-step (from command line): invalid value '0s'; accepted: a duration of at least "
                        + "1ms such as 500ms, 10s, 5m, 1h");
        assertThatThrownBy(() -> settings.load(new String[] {"--trigger", "-1s"}, Map.of()))
                .hasMessage("--trigger (from command line): invalid value '-1s'; accepted: a duration such as 500ms, "
                        + "10s, 5m, 1h");
        assertThat(settings.load(new String[] {"--event-step", "1ms", "--trigger", "0s"}, Map.of()).get(step))
                .isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void anOptionalSettingIsEmptyWhenNotGivenOrBlankAndShownAsNone() {
        Setting<java.util.Optional<String>> host = Setting.optionalString("redis-host", "Redis host; none: no totals");
        Settings settings = new Settings("demo", "A demo.", host);

        assertThat(settings.load(new String[0], Map.of()).get(host)).isEmpty();
        assertThat(settings.load(new String[] {"--redis-host", " "}, Map.of()).get(host)).isEmpty();
        Config given = settings.load(new String[0], Map.of("SSP_REDIS_HOST", "cache:6379"));
        assertThat(given.get(host)).contains("cache:6379");
        assertThat(given.describeOverrides()).isEqualTo("redis-host=cache:6379 (env SSP_REDIS_HOST)");
        assertThat(settings.help()).contains("(default: (none); env: SSP_REDIS_HOST)");
    }

    @Test
    void theProjectsVariableWinsOverTheSeedsAndEitherAloneIsRead() {
        Config both = SETTINGS.load(new String[0], Map.of("SSP_BOOTSTRAP_SERVERS", "ssp:9092", "KAFKA_BROKER", "seed:9092"));
        assertThat(both.get(SERVERS)).isEqualTo("ssp:9092");
        assertThat(both.origin(SERVERS)).isEqualTo("env SSP_BOOTSTRAP_SERVERS");

        Config seedOnly = SETTINGS.load(new String[0], Map.of("KAFKA_BROKER", "seed:9092"));
        assertThat(seedOnly.get(SERVERS)).isEqualTo("seed:9092");
        assertThat(seedOnly.describeOverrides()).isEqualTo("bootstrap-servers=seed:9092 (env KAFKA_BROKER)");
        assertThat(SERVERS.givenBy()).isEqualTo("--bootstrap-servers or SSP_BOOTSTRAP_SERVERS or KAFKA_BROKER");
    }

    @Test
    void aSharedSettingReadsTheProgramsOwnVariantAndItsDefaultWhenTheProgramLeavesItOut() {
        Setting<String> shared = Setting.string("bootstrap-servers", "", "Kafka");
        Setting<Long> notOffered = Setting.longValue("max-offsets", 7, 0, 100, "records per batch");
        Config config = SETTINGS.load(new String[0], Map.of("KAFKA_BROKER", "seed:9092"));

        assertThat(config.getOrDefault(shared)).isEqualTo("seed:9092");
        assertThat(config.givenBy(shared)).isEqualTo("--bootstrap-servers or SSP_BOOTSTRAP_SERVERS or KAFKA_BROKER");
        assertThat(config.getOrDefault(notOffered)).isEqualTo(7L);
        assertThat(config.givenBy(notOffered)).isEqualTo("--max-offsets or SSP_MAX_OFFSETS");
        assertThatThrownBy(() -> config.get(notOffered)).hasMessage("--max-offsets is not a setting of this program");
    }

    @Test
    void aValueTypeParsesApartFromAnyOptionAndSaysWhatItAccepts() {
        ValueType<Duration> atLeastOneMilli = ValueType.duration(Duration.ofMillis(1));
        assertThat(atLeastOneMilli.parse("1500ms")).isEqualTo(Duration.ofMillis(1500));
        assertThat(atLeastOneMilli.parse("PT2S")).isEqualTo(Duration.ofSeconds(2));
        assertThatThrownBy(() -> atLeastOneMilli.parse("0s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ValueType.intRange(1, 3).parse("four")).isInstanceOf(IllegalArgumentException.class);
        assertThat(atLeastOneMilli.accepted()).contains("a duration of at least 1ms such as 500ms, 10s, 5m, 1h");
        assertThat(ValueType.longRange(0, 1_000_000).parse("1_000_000")).isEqualTo(1_000_000L);
        assertThat(ValueType.text().accepted()).isEmpty();
    }

    @Test
    void anOptionFollowedByAnotherOptionNeedsAValueInsteadOfTakingThatOptionsName() {
        assertThatThrownBy(() -> SETTINGS.load(new String[] {"--mode", "--events", "0"}, Map.of()))
                .hasMessage("--mode needs a value. Run demo --help to list the options.");
    }

    @Test
    void secretsNeverShowInHelpErrorsOrTheStartUpLine() {
        Setting<String> password = Setting.string("postgres-password", "default-pw", "password").alsoEnv("POSTGRES_PASSWORD").secret();
        Setting<Integer> port = Setting.intValue("port", 1, 1, 10, "port").secret();
        Settings settings = new Settings("demo", "A demo.", password, port);

        Config config = settings.load(new String[0], Map.of("POSTGRES_PASSWORD", "hunter2"));
        assertThat(config.get(password)).isEqualTo("hunter2");
        assertThat(config.describeOverrides()).isEqualTo("postgres-password=*** (env POSTGRES_PASSWORD)");
        assertThat(settings.help()).doesNotContain("default-pw");
        assertThatThrownBy(() -> settings.load(new String[] {"--port", "hunter2"}, Map.of()))
                .hasMessageStartingWith("--port (from command line): invalid value '***'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }

    @Test
    void aVariantOfASharedSettingIsReadUnderTheSameName() {
        Setting<String> variant = SERVERS.withDefault("x:1");
        Config config = new Settings("demo", "A demo.", variant).load(new String[0], Map.of());
        assertThat(config.get(SERVERS)).isEqualTo("x:1");
    }

    @Test
    void helpListsEveryOptionWithItsDefaultAcceptedValuesAndEnvironmentVariable() {
        String help = SETTINGS.help();
        assertThat(help).contains("--bootstrap-servers VALUE", "env: SSP_BOOTSTRAP_SERVERS, else KAFKA_BROKER", "--events VALUE",
                "default: 50", "accepted: PERMISSIVE, FAILFAST", "env: SSP_MODE", "--follow", "--config FILE");
        assertThat(Settings.wantsHelp(new String[] {"--events", "3", "--help"})).isTrue();
    }
}
