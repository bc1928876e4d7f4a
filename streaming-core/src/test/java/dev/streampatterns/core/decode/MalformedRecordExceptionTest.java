package dev.streampatterns.core.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MalformedRecordExceptionTest {

    @Test
    void theLineNamingTheRecordIsFoundInWhatSparkWrappedItIn() {
        String line = new MalformedRecordException("JSON", "events", 0, 100L, "not JSON").getMessage();
        // As it reaches the driver: the task's failure as text, inside two more exceptions.
        Exception task = new RuntimeException("Job aborted due to stage failure: Task 0 failed: "
                + "org.apache.spark.SparkRuntimeException: [USER_RAISED_EXCEPTION] " + line + " SQLSTATE: P0001\n"
                + "\tat org.apache.spark.sql.errors.QueryExecutionErrors$.raiseError(QueryExecutionErrors.scala:1)");
        Exception failure = new IllegalStateException("query archive failed", new IllegalStateException("batch 3", task));

        assertThat(MalformedRecordException.describedIn(failure)).contains(line);
        assertThat(line).isEqualTo("MALFORMED_RECORD: a JSON record at topic events, partition 0, offset 100 cannot be "
                + "decoded: not JSON. Decode mode is FAILFAST; use PERMISSIVE to send malformed records to the dead "
                + "letter instead.");
    }

    @Test
    void anotherFailureIsNotTakenForAMalformedRecord() {
        assertThat(MalformedRecordException.describedIn(new IllegalStateException("sink down",
                new RuntimeException("connection refused")))).isEmpty();
    }
}
