package dev.streampatterns.examples.archive;

import dev.streampatterns.analytics.archive.EventArchiveJob;
import dev.streampatterns.core.decode.DecodeMode;
import dev.streampatterns.core.sink.BatchSink;
import dev.streampatterns.core.sink.RefusalPolicy;
import dev.streampatterns.core.sink.jdbc.JdbcTarget;
import dev.streampatterns.core.source.KafkaSource;
import java.time.Duration;
import java.util.function.Consumer;

/** The archive job of the tests: table {@code user_events} of an embedded H2, no Redis, events of the test's broker. */
final class ArchiveJobs {
    private ArchiveJobs() {
    }

    static EventArchiveJob onH2(String bootstrapServers, JdbcTarget h2, BatchSink deadLetters, RefusalPolicy refusals,
                                Consumer<EventArchiveJob.BatchReport> reports) {
        String cluster = KafkaSource.clusterId(bootstrapServers, java.util.Map.of(), Duration.ofSeconds(15));
        return new EventArchiveJob(cluster, EventArchiveJob.sinks(h2, "user_events", null, "", deadLetters, refusals),
                DecodeMode.PERMISSIVE, reports);
    }
}
