package dev.streampatterns.core.batch;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.CachedData;
import org.apache.spark.sql.execution.columnar.CachedRDDBuilder;
import scala.Option;

/**
 * The rows of a cached batch, from the statistics Spark's in-memory cache keeps as it builds (the
 * row count it reports to the optimizer), so that counting them is not a Spark job of its own.
 *
 * <p>These are Spark's internal classes ({@code CacheManager}, {@code CachedRDDBuilder}, as of Spark
 * 4.0): when they are not there, or when no analysis read every partition of the batch, so that the
 * cache was never completely built, the rows are counted with {@code count()}, as before.
 */
final class CachedRows {
    private CachedRows() {
    }

    static long count(Dataset<Row> cached) {
        if (cached instanceof org.apache.spark.sql.classic.Dataset<Row> classic) {
            Option<CachedData> data = classic.sparkSession().sharedState().cacheManager().lookupCachedData(classic);
            if (data.isDefined()) {
                CachedRDDBuilder cache = data.get().cachedRepresentation().cacheBuilder();
                if (cache.isCachedColumnBuffersLoaded()) {
                    return cache.rowCountStats().value();
                }
            }
        }
        return cached.count();
    }
}
