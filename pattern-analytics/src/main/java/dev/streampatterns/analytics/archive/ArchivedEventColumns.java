package dev.streampatterns.analytics.archive;

import dev.streampatterns.core.decode.FieldLimit;
import java.util.Map;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The JSON user event of SPEC section 8 as it arrives, and the columns of the archive table. */
public final class ArchivedEventColumns {
    public static final String USER_ID = "user_id";
    public static final String MOVIE_ID = "movie_id";
    public static final String EVENT_TYPE = "event_type";
    /** Epoch milliseconds on the wire. */
    public static final String TIMESTAMP = "timestamp";

    public static final String EVENT_TIMESTAMP = "event_timestamp";
    public static final String PROCESSED_AT = "processed_at";
    /**
     * Where the event was read, which identifies it: the Kafka cluster's id, the topic, the
     * partition and the offset, unique together in the archive table.
     */
    public static final String SOURCE_CLUSTER = "source_cluster";
    public static final String SOURCE_TOPIC = "source_topic";
    public static final String SOURCE_PARTITION = "source_partition";
    public static final String SOURCE_OFFSET = "source_offset";
    public static final String EVENTS = "events";

    /** What the JSON decoder reads. */
    public static final StructType INPUT = new StructType()
            .add(USER_ID, DataTypes.LongType)
            .add(MOVIE_ID, DataTypes.LongType)
            .add(EVENT_TYPE, DataTypes.StringType)
            .add(TIMESTAMP, DataTypes.LongType);

    /** Every input field is required: an event without one is a dead letter, not a row of nulls. */
    public static final String[] REQUIRED = {USER_ID, MOVIE_ID, EVENT_TYPE, TIMESTAMP};

    /**
     * What the table and the pattern can take, checked by the decoder so that an event outside it is a
     * dead letter with the field and the limit in its reason, not a batch the database fails or a
     * {@code timestamp_millis} overflow: {@code event_type} is {@code VARCHAR(50)} in
     * {@link #SCHEMA_SCRIPT}, and the timestamp must be a time SQL can store.
     */
    public static final FieldLimit[] LIMITS = {FieldLimit.maxLength(EVENT_TYPE, 50), FieldLimit.epochMillis(TIMESTAMP)};

    /**
     * The DDL of the table, its indexes and its stats view, for PostgreSQL and H2, and on PostgreSQL
     * the seed's two functions ({@code user_events.postgresql.sql}); its identifiers are
     * {@link #schemaIdentifiers}.
     */
    public static final String SCHEMA_SCRIPT = "/archive/user_events.sql";
    /** The seed's table, whose functions keep the seed's names. */
    public static final String SEED_TABLE = "user_events";

    /**
     * The names the schema script takes for an archive in {@code table}: the table, and its functions
     * {@code get_recent_events(max_rows)} and {@code get_user_events(user_id, max_rows)} — prefixed by
     * {@code <table>_} for another table than the seed's, so that two archives in one schema keep their own.
     */
    public static Map<String, String> schemaIdentifiers(String table) {
        String prefix = table.equals(SEED_TABLE) ? "" : table + "_";
        return Map.of("table", table, "recent_events", prefix + "get_recent_events",
                "user_events", prefix + "get_user_events");
    }

    private ArchivedEventColumns() {
    }
}
