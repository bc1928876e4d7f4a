package dev.streampatterns.core.pattern;

import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Two patterns applied one after the other; see {@link Pattern#andThen}. */
record ComposedPattern(Pattern first, Pattern second) implements Pattern {

    ComposedPattern {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
    }

    @Override
    public String name() {
        return first.name() + "-then-" + second.name();
    }

    @Override
    public Dataset<Row> apply(Dataset<Row> input) {
        Dataset<Row> intermediate = Objects.requireNonNull(first.apply(input), () -> first.name() + " returned null");
        return second.apply(intermediate);
    }
}
