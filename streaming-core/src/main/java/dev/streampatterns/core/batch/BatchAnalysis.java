package dev.streampatterns.core.batch;

import java.io.Serializable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** One analysis of a micro-batch: given the cached batch and its batch id. */
@FunctionalInterface
public interface BatchAnalysis extends Serializable {
    void run(Dataset<Row> batch, long batchId) throws Exception;
}
