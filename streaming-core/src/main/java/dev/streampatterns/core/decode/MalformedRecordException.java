package dev.streampatterns.core.decode;

/**
 * A malformed record met under {@link DecodeMode#FAILFAST}. The message names the record by topic,
 * partition and offset, and says why it was rejected and how to let the query go on instead.
 */
public class MalformedRecordException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MalformedRecordException(String format, String topic, Integer partition, Long offset, String reason) {
        super("MALFORMED_RECORD: a " + format + " record at topic " + topic + ", partition " + partition
                + ", offset " + offset + " cannot be decoded: " + reason
                + ". Decode mode is FAILFAST; use PERMISSIVE to send malformed records to the dead letter instead.");
    }
}
