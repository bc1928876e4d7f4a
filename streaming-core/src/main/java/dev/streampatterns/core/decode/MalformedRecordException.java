package dev.streampatterns.core.decode;

/**
 * A malformed record met under {@link DecodeMode#FAILFAST}. The message names the record by topic,
 * partition and offset, and says why it was rejected and how to let the query go on instead.
 */
public class MalformedRecordException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final String MARK = "MALFORMED_RECORD: ";

    public MalformedRecordException(String format, String topic, Integer partition, Long offset, String reason) {
        super("MALFORMED_RECORD: a " + format + " record at topic " + topic + ", partition " + partition
                + ", offset " + offset + " cannot be decoded: " + reason
                + ". Decode mode is FAILFAST; use PERMISSIVE to send malformed records to the dead letter instead.");
    }

    /**
     * The one line that says which record stopped a FAILFAST query, found in whatever Spark wrapped
     * it in (a task failure on an executor reaches the driver as the text of a {@code SparkException},
     * among stack frames): from {@code MALFORMED_RECORD:} to the end of its line. Empty when the
     * failure was something else.
     */
    public static java.util.Optional<String> describedIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            int start = message == null ? -1 : message.indexOf(MARK);
            if (start >= 0) {
                int end = message.indexOf('\n', start);
                String line = message.substring(start, end < 0 ? message.length() : end);
                // Spark appends the error classes' SQL states, which say nothing to the reader of the line.
                return java.util.Optional.of(line.replaceAll("(\\s+SQLSTATE: [0-9A-Z]{5})+\\s*$", "").strip());
            }
        }
        return java.util.Optional.empty();
    }
}
