package dev.streampatterns.core.sink.jdbc;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;

/** Values as the JDBC sink binds them. */
final class SqlValues {
    private SqlValues() {
    }

    /**
     * A Spark timestamp ({@link Timestamp}, or {@link Instant} with Spark's Java 8 time API) as its
     * date and time in UTC; anything else as it is. {@code setTimestamp} would render it in the JVM's
     * zone, and a column without a zone would keep that local time.
     */
    static Object utc(Object value) {
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant().atOffset(ZoneOffset.UTC).toLocalDateTime();
        }
        if (value instanceof Instant instant) {
            return instant.atOffset(ZoneOffset.UTC).toLocalDateTime();
        }
        return value;
    }
}
