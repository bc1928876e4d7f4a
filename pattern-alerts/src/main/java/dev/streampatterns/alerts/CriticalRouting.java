package dev.streampatterns.alerts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.streampatterns.core.sink.OutputFormat;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Critical routing: every alert of the chosen levels, forwarded as it is ({@code timestamp, level,
 * code, message}); every other alert is left out.
 *
 * <p>Stateless: no window, no watermark, no state, so an alert is forwarded in the trigger that reads
 * it, however late its event time, and the pattern runs under Spark's continuous trigger as well as
 * under micro-batches. Output mode append.
 *
 * <p>As records ({@link #toRecords}): key = the code; value in JSON
 * {@code {"rule":"critical","timestamp":"2026-01-01T00:00:07.000Z","level":"CRITICAL","code":300,"message":"..."}}
 * or in CSV, the course's {@code ts,code,message}: {@code 2026-01-01T00:00:07.000Z,300,...}.
 */
public final class CriticalRouting implements AlertPattern {
    private static final long serialVersionUID = 1L;
    /** The level the SPEC routes. */
    public static final String DEFAULT_LEVEL = "CRITICAL";

    private final String name;
    private final List<String> levels;

    /** Routes the alerts whose level is one of {@code levels}; every alert when {@code levels} is empty. */
    public CriticalRouting(String name, List<String> levels) {
        this.name = name;
        this.levels = List.copyOf(levels);
    }

    /** Routes the CRITICAL alerts. */
    public CriticalRouting() {
        this("critical", List.of(DEFAULT_LEVEL));
    }

    @Override
    public String name() {
        return name;
    }

    public List<String> levels() {
        return levels;
    }

    @Override
    public boolean stateful() {
        return false;
    }

    @Override
    public String describe() {
        return "every alert of " + AlertRules.levelsText(levels);
    }

    @Override
    public Dataset<Row> apply(Dataset<Row> alerts) {
        Dataset<Row> chosen = levels.isEmpty() ? alerts : alerts.where(col(AlertColumns.LEVEL).isin(levels.toArray()));
        return chosen.select(col(AlertColumns.TIMESTAMP), col(AlertColumns.LEVEL), col(AlertColumns.CODE),
                col(AlertColumns.MESSAGE));
    }

    @Override
    public Dataset<Row> toRecords(Dataset<Row> routed, OutputFormat format) {
        Column[] json = {lit(name).as("rule"), col(AlertColumns.TIMESTAMP), col(AlertColumns.LEVEL),
            col(AlertColumns.CODE), col(AlertColumns.MESSAGE)};
        Column[] csv = {col(AlertColumns.TIMESTAMP), col(AlertColumns.CODE), col(AlertColumns.MESSAGE)};
        return routed.select(col(AlertColumns.CODE).cast(DataTypes.StringType).as(RECORD_KEY),
                format.value(json, csv).as(RECORD_VALUE));
    }
}
