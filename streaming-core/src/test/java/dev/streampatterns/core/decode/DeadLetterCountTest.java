package dev.streampatterns.core.decode;

import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DoubleValue;
import dev.streampatterns.core.TestSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class DeadLetterCountTest {
    private final SparkSession spark = TestSpark.local();

    @Test
    void theDeadLettersAreCountedByThePassThatReadsTheValidRecords() {
        Random random = new Random(7);
        List<Row> records = new ArrayList<>();
        long expectedDeadLetters = 0;
        double expectedSum = 0;
        for (int i = 0; i < 500; i++) {
            if (random.nextInt(10) == 0) {
                records.add(RowFactory.create((Object) new byte[] {(byte) 0xFF, (byte) i})); // not a DoubleValue
                expectedDeadLetters++;
            } else {
                records.add(RowFactory.create((Object) DoubleValue.of(i).toByteArray()));
                expectedSum += i;
            }
        }
        Dataset<Row> input = spark.createDataFrame(records, new StructType().add("value", DataTypes.BinaryType));
        ProtobufDecoder decoder = ProtobufDecoder.forGeneratedClass(DoubleValue.class);

        for (DecodedRows layout : List.of(decoder.decode(input), decoder.decode(input).compact())) {
            DeadLetterCount deadLetters = DeadLetterCount.of(layout);
            double total = deadLetters.rows().valid().agg(sum("value")).first().getDouble(0);

            assertThat(total).isEqualTo(expectedSum);
            assertThat(deadLetters.count()).isEqualTo(expectedDeadLetters);
            assertThat(deadLetters.rows().deadLetters().count()).isEqualTo(expectedDeadLetters); // the rows are unchanged
        }
    }
}
