package dev.streampatterns.core.decode;

import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.unix_micros;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A bound on a decoded field beyond its type: what a later stage or a sink cannot take, found in the
 * decoder so that the record goes to the dead letter with a reason instead of failing the batch
 * downstream (an {@code ArithmeticException} in {@code timestamp_millis}, a database refusing a string
 * longer than its column). The limits usually come from where the rows go: the archive's
 * {@code VARCHAR(50)} is {@code maxLength("event_type", 50)}.
 */
public final class FieldLimit implements Serializable {
    private static final long serialVersionUID = 1L;

    /** 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z, the years Spark and SQL timestamps share. */
    static final long MIN_EPOCH_MILLIS = -62_135_596_800_000L;
    static final long MAX_EPOCH_MILLIS = 253_402_300_799_999L;

    private enum Kind { MAX_LENGTH, RANGE, EPOCH_MILLIS, NOT_AHEAD }

    private final Kind kind;
    private final String field;
    private final long min;
    private final long max;

    private FieldLimit(Kind kind, String field, long min, long max) {
        this.kind = kind;
        this.field = Objects.requireNonNull(field, "field");
        this.min = min;
        this.max = max;
    }

    /** A string field of at most {@code characters} characters. */
    public static FieldLimit maxLength(String field, int characters) {
        if (characters < 0) {
            throw new IllegalArgumentException("a length limit cannot be negative: " + characters);
        }
        return new FieldLimit(Kind.MAX_LENGTH, field, 0, characters);
    }

    /** An integral or decimal field from {@code min} to {@code max}, both included. */
    public static FieldLimit between(String field, long min, long max) {
        if (min > max) {
            throw new IllegalArgumentException("an empty range: " + min + " > " + max);
        }
        return new FieldLimit(Kind.RANGE, field, min, max);
    }

    /** An integral field of epoch milliseconds that is a time from year 1 to year 9999 (UTC). */
    public static FieldLimit epochMillis(String field) {
        return new FieldLimit(Kind.EPOCH_MILLIS, field, MIN_EPOCH_MILLIS, MAX_EPOCH_MILLIS);
    }

    /**
     * An event time (a timestamp field) at most {@code maxSkew} ahead of the processing clock, the
     * time of the micro-batch that decodes it. Why: one event stamped years ahead moves an event-time
     * query's watermark there, and every later on-time event is then dropped as too late; a clock
     * that is wrong by more than the skew is a bad record, not a reason to stop publishing.
     */
    public static FieldLimit notAheadOfProcessingTime(String field, java.time.Duration maxSkew) {
        if (maxSkew.isNegative()) {
            throw new IllegalArgumentException("a clock skew cannot be negative: " + maxSkew);
        }
        return new FieldLimit(Kind.NOT_AHEAD, field, 0, maxSkew.toMillis());
    }

    public String field() {
        return field;
    }

    /** Fails unless the schema has the field with a type this limit applies to. */
    void requireApplicableTo(StructType schema) {
        if (!java.util.Arrays.asList(schema.fieldNames()).contains(field)) {
            throw new IllegalArgumentException("limited field '" + field + "' is not in the schema " + schema.simpleString());
        }
        DataType type = schema.apply(field).dataType();
        boolean applies = kind == Kind.MAX_LENGTH ? type.equals(DataTypes.StringType)
                : kind == Kind.NOT_AHEAD ? type.equals(DataTypes.TimestampType)
                : type.equals(DataTypes.LongType) || type.equals(DataTypes.IntegerType)
                        || type.equals(DataTypes.ShortType) || type.equals(DataTypes.ByteType)
                        || type instanceof org.apache.spark.sql.types.DecimalType;
        if (!applies) {
            throw new IllegalArgumentException("limit " + this + " does not apply to field '" + field + "' of type "
                    + type.simpleString());
        }
    }

    /** True where {@code value} breaks the limit; null (not broken) where it is null. */
    Column isBrokenBy(Column value) {
        return switch (kind) {
            case MAX_LENGTH -> length(value).gt(max);
            case NOT_AHEAD -> value.gt(latestAccepted());
            case RANGE, EPOCH_MILLIS -> value.lt(min).or(value.gt(max));
        };
    }

    /** The dead letter's reason for {@code value}, which breaks the limit. */
    Column reason(Column value) {
        String name = "field '" + field + "' ";
        return switch (kind) {
            case MAX_LENGTH -> concat(lit(name + "is "), length(value).cast("string"),
                    lit(" characters long, over its limit of " + max));
            case RANGE -> concat(lit(name + "is "), value.cast("string"), lit(", outside [" + min + ", " + max + "]"));
            case EPOCH_MILLIS -> concat(lit(name + "is "), value.cast("string"),
                    lit(" ms, not an epoch-millisecond time from year 1 to 9999"));
            case NOT_AHEAD -> concat(lit(name + "is "), date_format(value, "yyyy-MM-dd'T'HH:mm:ss.SSS"),
                    lit(", more than " + java.time.Duration.ofMillis(max) + " ahead of the processing time "),
                    date_format(current_timestamp(), "yyyy-MM-dd'T'HH:mm:ss.SSS"));
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case MAX_LENGTH -> "maxLength(" + field + ", " + max + ")";
            case RANGE -> String.format(Locale.ROOT, "between(%s, %d, %d)", field, min, max);
            case EPOCH_MILLIS -> "epochMillis(" + field + ")";
            case NOT_AHEAD -> "notAheadOfProcessingTime(" + field + ", " + java.time.Duration.ofMillis(max) + ")";
        };
    }

    /** The processing time (the micro-batch's, in a stream) plus the allowed skew. */
    private Column latestAccepted() {
        return timestamp_micros(unix_micros(current_timestamp()).plus(max * 1000));
    }
}
