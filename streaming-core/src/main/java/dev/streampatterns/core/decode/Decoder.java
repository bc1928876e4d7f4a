package dev.streampatterns.core.decode;

import java.io.Serializable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Turns Kafka records (a {@code value} column of bytes, and the Kafka coordinates when present)
 * into decoded rows split into valid records and dead letters. One contract for every format:
 * protobuf, JSON and CSV.
 */
public interface Decoder extends Serializable {

    /** The schema of a decoded payload. */
    StructType payloadSchema();

    DecodeMode mode();

    /**
     * Decodes streaming or batch Kafka records. Under {@link DecodeMode#FAILFAST} the first malformed
     * record fails the query (or the batch action) with a {@link MalformedRecordException} naming it.
     */
    DecodedRows decode(Dataset<Row> kafkaRecords);

}
