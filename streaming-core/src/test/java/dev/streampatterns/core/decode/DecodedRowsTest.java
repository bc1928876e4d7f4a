package dev.streampatterns.core.decode;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streampatterns.core.decode.testing.Order;
import dev.streampatterns.core.TestSpark;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class DecodedRowsTest {
    private static final StructType KAFKA_ROWS = new StructType()
            .add("key", DataTypes.BinaryType).add("value", DataTypes.BinaryType)
            .add("topic", DataTypes.StringType).add("partition", DataTypes.IntegerType)
            .add("offset", DataTypes.LongType).add("timestamp", DataTypes.TimestampType);
    private static final byte[] TRUNCATED = {0x0A, 0x10, 0x41};

    private final SparkSession spark = TestSpark.local();

    private static Row record(String key, byte[] value, int partition, long offset) {
        return RowFactory.create(key.getBytes(StandardCharsets.UTF_8), value, "orders", partition, offset,
                new Timestamp(1_767_225_600_000L + offset));
    }

    private DecodedRows decoded() {
        Dataset<Row> records = spark.createDataFrame(List.of(
                record("a", Order.newBuilder().setId("o-1").setQuantity(2).build().toByteArray(), 0, 10),
                record("b", TRUNCATED, 1, 11),
                record("c", Order.newBuilder().setId("o-3").setQuantity(5).build().toByteArray(), 1, 12)), KAFKA_ROWS);
        return ProtobufDecoder.forGeneratedClass(Order.class).decode(records);
    }

    @Test
    void compactViewGivesTheSameValidRowsAndDeadLetters() {
        DecodedRows full = decoded();
        DecodedRows compact = full.compact(DecodedColumns.PARTITION, DecodedColumns.OFFSET);

        assertThat(compact.valid().collectAsList()).containsExactlyElementsOf(full.valid().collectAsList());
        assertThat(compact.validWithKafkaColumns("partition", "offset").collectAsList())
                .containsExactlyElementsOf(full.validWithKafkaColumns("partition", "offset").collectAsList());
        assertThat(compact.deadLetters().columns()).containsExactly(full.deadLetters().columns());
        List<Row> deadLetters = compact.deadLetters().collectAsList();
        assertThat(deadLetters).containsExactlyElementsOf(full.deadLetters().collectAsList());
        assertThat(deadLetters).hasSize(1);
        Row deadLetter = deadLetters.get(0);
        assertThat(new String((byte[]) deadLetter.getAs(DeadLetter.KEY), StandardCharsets.UTF_8)).isEqualTo("b");
        assertThat(deadLetter.<String>getAs(DeadLetter.TOPIC)).isEqualTo("orders");
        assertThat(deadLetter.<Integer>getAs(DeadLetter.PARTITION)).isEqualTo(1);
        assertThat(deadLetter.<Long>getAs(DeadLetter.OFFSET)).isEqualTo(11L);
        assertThat(deadLetter.<Timestamp>getAs(DeadLetter.TIMESTAMP)).isEqualTo(new Timestamp(1_767_225_600_011L));
        assertThat((byte[]) deadLetter.getAs(DeadLetter.VALUE)).isEqualTo(TRUNCATED);
        assertThat(deadLetter.<String>getAs(DeadLetter.REASON)).isNotBlank();
    }

    @Test
    void compactViewHoldsPayloadAndDeadLetterOnly() {
        Dataset<Row> compact = decoded().compact().all();

        assertThat(compact.columns()).containsExactly(DecodedColumns.PAYLOAD, DecodedColumns.DEAD_LETTER);
        assertThat(compact.where(col(DecodedColumns.DEAD_LETTER).isNull()).select("payload.id").as(Encoders.STRING())
                .collectAsList()).containsExactlyInAnyOrder("o-1", "o-3");
        assertThat(compact.where(col(DecodedColumns.DEAD_LETTER).isNotNull()).count()).isEqualTo(1);
    }

    @Test
    void aCachedCompactBatchIsRecognisedByItsColumns() {
        DecodedRows full = decoded();
        Dataset<Row> batch = full.compact().all().cache();
        try {
            DecodedRows rows = DecodedRows.of(batch);
            assertThat(rows.valid().collectAsList()).containsExactlyElementsOf(full.valid().collectAsList());
            assertThat(rows.deadLetters().collectAsList()).containsExactlyElementsOf(full.deadLetters().collectAsList());
        } finally {
            batch.unpersist();
        }
    }

    @Test
    void aKafkaColumnTheCompactViewDroppedIsAnErrorNotNulls() {
        DecodedRows compact = decoded().compact(DecodedColumns.OFFSET);

        assertThat(compact.validWithKafkaColumns(DecodedColumns.OFFSET).count()).isEqualTo(2);
        assertThatThrownBy(() -> compact.validWithKafkaColumns(DecodedColumns.TOPIC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'topic'").hasMessageContaining("compact(...)");
        assertThatThrownBy(() -> decoded().compact(DecodedColumns.PAYLOAD))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'payload'");
    }
}
