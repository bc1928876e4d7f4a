package dev.streampatterns.generators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampatterns.generators.GameScoresDataset.Score;
import dev.streampatterns.generators.WebsiteViewsDataset.View;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The game scores and the website views: what the generator sends, reproduced from the seed. */
class LeaderboardDatasetsTest {
    private static final Pattern VIEW = Pattern.compile("\"([^\"]+)\",\"(user[0-9]+)\",\"([A-Za-z_]+)\",([0-9]+)");

    @Test
    void scoresAreKeyedByPlayerWithAScoreFromOneToTenAndReproducedFromTheSeed() {
        GameScoresDataset dataset = new GameScoresDataset();
        List<Score> scores = dataset.scores(9, 1_000);
        List<ProducerRecordData> records = dataset.records(9, 1_000);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < records.size(); i++) {
            assertThat(new String(records.get(i).key(), StandardCharsets.UTF_8)).isEqualTo(scores.get(i).player());
            assertThat(Integer.parseInt(new String(records.get(i).value(), StandardCharsets.UTF_8)))
                    .isEqualTo(scores.get(i).score()).isBetween(1, 10);
            seen.add(scores.get(i).score());
        }
        assertThat(seen).hasSize(10);
        assertThat(scores).extracting(Score::player).containsAll(List.of("Bob", "Mike", "Kathy", "Sam"));
        assertThat(dataset.records(9, 100)).isNotEqualTo(dataset.records(10, 100));
    }

    @Test
    void viewsAreTheCoursesCsvLinesOnTheEventClockAndReproducedFromTheSeed() {
        Instant start = Instant.parse("2026-02-01T00:00:00Z");
        WebsiteViewsDataset dataset = new WebsiteViewsDataset(new EventClock(start, Duration.ofMillis(500), 0.1,
                Duration.ofSeconds(3)));
        List<View> views = dataset.views(4, 500);
        List<ProducerRecordData> records = dataset.records(4, 500);
        for (int i = 0; i < records.size(); i++) {
            View view = views.get(i);
            Matcher line = VIEW.matcher(new String(records.get(i).value(), StandardCharsets.UTF_8));
            assertThat(line.matches()).as("line %d", i).isTrue();
            assertThat(Instant.parse(line.group(1))).isEqualTo(view.timestamp())
                    .isEqualTo(start.plusMillis(500L * i - (view.late() ? 3_000 : 0)));
            assertThat(line.group(2)).isEqualTo(view.user());
            assertThat(line.group(3)).isEqualTo(view.topic()).isIn(WebsiteViewsDataset.TOPICS);
            assertThat(Integer.parseInt(line.group(4))).isEqualTo(view.minutes()).isBetween(1, 10);
            assertThat(new String(records.get(i).key(), StandardCharsets.UTF_8)).isEqualTo(view.user());
        }
        assertThat(views).filteredOn(View::late).hasSize(50);
    }

    @Test
    void malformedScoresAndViewsAreNotWhatTheirDecodersAccept() {
        Random random = new Random(1);
        for (int i = 0; i < 20; i++) {
            String score = new String(new GameScoresDataset().malformedValue(random, i), StandardCharsets.UTF_8);
            assertThat(score).doesNotContainPattern("^[0-9]+$");
            String view = new String(new WebsiteViewsDataset().malformedValue(random, i), StandardCharsets.UTF_8);
            Matcher line = VIEW.matcher(view);
            assertThat(line.matches() && !line.group(1).startsWith("last")).as(view).isFalse();
        }
    }
}
