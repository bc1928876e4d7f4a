package dev.streampatterns.core.decode;

/**
 * What a decoder does with a record it cannot decode — the two modes of Spark's
 * {@code from_protobuf} / {@code from_json}.
 */
public enum DecodeMode {
    /** The record goes to the dead letter with a reason; the query goes on. The default. */
    PERMISSIVE,
    /** The query stops at the first malformed record, with its topic, partition, offset and reason. */
    FAILFAST
}
