package dev.streampatterns.generators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.streampatterns.schemas.proto.UserEvent;
import org.junit.jupiter.api.Test;

class UserEventsDatasetTest {

    private final UserEventsDataset dataset = new UserEventsDataset();

    private List<ProducerRecordData> records(long seed, int count) {
        Random random = new Random(seed);
        List<ProducerRecordData> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(dataset.next(random, i));
        }
        return records;
    }

    @Test
    void sameSeedGivesTheSameBytes() {
        assertThat(records(42, 1_000)).isEqualTo(records(42, 1_000));
        assertThat(records(42, 1_000)).isNotEqualTo(records(43, 1_000));
    }

    @Test
    void eventsReproducesTheRecordValues() throws InvalidProtocolBufferException {
        List<UserEvent> expected = UserEventsDataset.events(7, 500, UserEventsDataset.DEFAULT_USERS);
        List<ProducerRecordData> records = records(7, 500);

        for (int i = 0; i < records.size(); i++) {
            ProducerRecordData record = records.get(i);
            UserEvent event = UserEvent.parseFrom(record.value());
            assertThat(event).isEqualTo(expected.get(i));
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(event.getUserId());
            assertThat(record.timestampMillis()).isNull();
        }
    }

    @Test
    void usersActionsAndValuesFollowTheSpec() {
        Set<String> users = new HashSet<>();
        Set<String> actions = new HashSet<>();
        for (UserEvent event : UserEventsDataset.events(1, 10_000, 3)) {
            users.add(event.getUserId());
            actions.add(event.getAction());
            double value = event.getValue();
            assertThat(Math.round(value * 10) / 10.0).as("one decimal").isEqualTo(value);
            switch (event.getAction()) {
                case "view" -> assertThat(value).isBetween(0.5, 20.0);
                case "click" -> assertThat(value).isBetween(1.0, 100.0);
                case "purchase" -> assertThat(value).isBetween(10.0, 500.0);
                default -> assertThat(value).isZero();
            }
        }
        assertThat(users).containsExactlyInAnyOrder("user1", "user2", "user3");
        assertThat(actions).containsExactlyInAnyOrderElementsOf(UserEventsDataset.ACTIONS);
    }

    @Test
    void malformedValuesNeverParse() {
        Random random = new Random(5);
        for (int i = 0; i < 10_000; i++) {
            byte[] value = dataset.malformedValue(random, i);
            assertThatThrownBy(() -> UserEvent.parseFrom(value))
                    .as("malformed value %d", i)
                    .isInstanceOf(InvalidProtocolBufferException.class);
        }
    }

    @Test
    void rejectsNoUsers() {
        assertThatThrownBy(() -> new UserEventsDataset(0)).hasMessageStartingWith("users ");
    }
}
