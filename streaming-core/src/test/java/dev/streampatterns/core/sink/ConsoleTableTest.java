package dev.streampatterns.core.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ConsoleTableTest {

    @Test
    void rendersLikeSparkShowWithoutTruncation() {
        StructType schema = new StructType().add("userId", DataTypes.StringType).add("totalValue", DataTypes.DoubleType);
        String table = ConsoleTable.render(schema, List.of(RowFactory.create("user4", 890.2), RowFactory.create("u", null)));

        assertThat(table).isEqualTo(String.join("\n",
                "+------+----------+",
                "|userId|totalValue|",
                "+------+----------+",
                "|user4 |890.2     |",
                "|u     |NULL      |",
                "+------+----------+",
                ""));
    }

    @Test
    void aTimestampShowsAsItsUtcInstantWhateverTheZoneOfTheJvm() {
        StructType schema = new StructType().add("window_start", DataTypes.TimestampType);
        java.time.Instant start = java.time.Instant.parse("2026-01-01T00:00:05Z");

        assertThat(ConsoleTable.render(schema, List.of(RowFactory.create(java.sql.Timestamp.from(start)))))
                .contains("|2026-01-01T00:00:05Z|");
    }
}
