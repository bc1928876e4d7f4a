package dev.streampatterns.benchmarks;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.streampatterns.schemas.proto.UserEvent;

/**
 * The hand-written baseline of the user-events pipeline: one plain {@code KafkaConsumer} on one
 * thread ({@link TopicReader}) reads the whole topic, parses each value with the generated class, and
 * computes events per action and the top N users in plain Java maps — no Spark, no cache, no
 * dead-letter output.
 */
final class PlainConsumerBaseline {
    private PlainConsumerBaseline() {
    }

    /** Reads {@code topic} from its beginning to the end offsets it has now. */
    static UserEventsResults consume(String bootstrapServers, String topic, int topN) {
        UserEventsResults.Tally tally = new UserEventsResults.Tally();
        TopicReader.readAll(bootstrapServers, topic, record -> {
            if (record.value() == null) {
                tally.deadLetter();
                return;
            }
            try {
                UserEvent event = UserEvent.parseFrom(record.value());
                tally.add(event.getUserId(), event.getAction(), event.getValue());
            } catch (InvalidProtocolBufferException e) {
                tally.deadLetter();
            }
        });
        return tally.results(topN);
    }
}
