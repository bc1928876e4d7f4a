package dev.streampatterns.analytics.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ArchivedEventColumnsTest {
    @Test
    void theSeedsTableHasTheSeedsFunctionNames() {
        assertThat(ArchivedEventColumns.schemaIdentifiers("user_events")).isEqualTo(Map.of("table", "user_events",
                "recent_events", "get_recent_events", "user_events", "get_user_events"));
    }

    @Test
    void anotherTablesFunctionsArePrefixedByItsNameSoTwoArchivesInOneSchemaKeepTheirOwn() {
        assertThat(ArchivedEventColumns.schemaIdentifiers("clicks")).isEqualTo(Map.of("table", "clicks",
                "recent_events", "clicks_get_recent_events", "user_events", "clicks_get_user_events"));
    }
}
