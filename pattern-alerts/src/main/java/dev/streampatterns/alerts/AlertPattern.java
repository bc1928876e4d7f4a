package dev.streampatterns.alerts;

import dev.streampatterns.core.pattern.Pattern;
import dev.streampatterns.core.sink.OutputFormat;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** An alert pattern: a pure transformation of decoded alerts, and how its rows are written as records. */
public interface AlertPattern extends Pattern {
    /** The Kafka columns {@link #toRecords} gives. */
    String RECORD_KEY = "key";
    String RECORD_VALUE = "value";

    /**
     * True when the pattern keeps state (windows) and so needs micro-batches; false when it is a
     * filter and projection that also runs under Spark's continuous trigger.
     */
    boolean stateful();

    /** What the pattern publishes, in a few words, for logs. */
    String describe();

    /** The rows of {@link #apply} as Kafka records: {@code key} and {@code value}, both text. */
    Dataset<Row> toRecords(Dataset<Row> output, OutputFormat format);
}
