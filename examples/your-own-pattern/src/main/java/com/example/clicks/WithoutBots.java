package com.example.clicks;

import static org.apache.spark.sql.functions.col;

import dev.streampatterns.core.pattern.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Drops the clicks of users whose name starts with {@code bot-}. */
public final class WithoutBots implements Pattern {

    @Override
    public String name() {
        return "without-bots";
    }

    @Override
    public Dataset<Row> apply(Dataset<Row> clicks) {
        return clicks.filter(col("user").startsWith("bot-").unary_$bang());
    }
}
