package dev.streampatterns.core.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streampatterns.core.TestSpark;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class TextDecoderTest {
    private static final StructType KAFKA_ROWS = new StructType()
            .add("value", DataTypes.BinaryType).add("topic", DataTypes.StringType)
            .add("partition", DataTypes.IntegerType).add("offset", DataTypes.LongType);
    private static final StructType ORDER = new StructType()
            .add("orderId", DataTypes.StringType).add("product", DataTypes.StringType)
            .add("quantity", DataTypes.IntegerType).add("price", DataTypes.DoubleType);

    private final SparkSession spark = TestSpark.local();

    private Dataset<Row> records(String... values) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            byte[] bytes = values[i] == null ? null : values[i].getBytes(StandardCharsets.UTF_8);
            rows.add(RowFactory.create(bytes, "in", 2, 100L + i));
        }
        return spark.createDataFrame(rows, KAFKA_ROWS);
    }

    @Test
    void jsonSplitsValidRecordsFromMalformedOnesWithReasons() {
        TextDecoder decoder = TextDecoder.json(ORDER).withRequiredFields("orderId");
        DecodedRows decoded = decoder.decode(records(
                "{\"orderId\":\"o1\",\"product\":\"Mouse\",\"quantity\":2,\"price\":10.5}",
                "{\"orderId\":\"o2\",\"product\":",
                "{\"orderId\":\"o3\",\"product\":\"Mouse\",\"quantity\":\"two\",\"price\":10.5}",
                "{\"product\":\"Keyboard\",\"quantity\":1,\"price\":25.0}",
                null));

        List<Row> valid = decoded.valid().collectAsList();
        assertThat(valid).containsExactly(RowFactory.create("o1", "Mouse", 2, 10.5));
        List<Row> dead = decoded.deadLetters().orderBy(DeadLetter.OFFSET).collectAsList();
        assertThat(dead).extracting(r -> r.getAs(DeadLetter.OFFSET)).containsExactly(101L, 102L, 103L, 104L);
        assertThat(dead).extracting(r -> (String) r.getAs(DeadLetter.REASON)).containsExactly(
                "malformed JSON: the record ends inside the object",
                "malformed JSON: does not parse as " + ORDER.simpleString(),
                "missing required field 'orderId'",
                "null value");
        assertThat(new String(dead.get(0).<byte[]>getAs(DeadLetter.VALUE), StandardCharsets.UTF_8))
                .isEqualTo("{\"orderId\":\"o2\",\"product\":");
    }

    @Test
    void valuesOutsideTheirLimitsAreDeadLettersNamingTheFieldAndTheLimit() {
        StructType events = new StructType().add("type", DataTypes.StringType).add("ts", DataTypes.LongType)
                .add("qty", DataTypes.IntegerType);
        TextDecoder decoder = TextDecoder.json(events).withLimits(
                FieldLimit.maxLength("type", 5), FieldLimit.epochMillis("ts"), FieldLimit.between("qty", 1, 9));
        String tooLong = "x".repeat(80);
        DecodedRows decoded = decoder.decode(records(
                "{\"type\":\"click\",\"ts\":1701234567890,\"qty\":1}",
                "{\"type\":\"" + tooLong + "\",\"ts\":1701234567890,\"qty\":1}",
                "{\"type\":\"view\",\"ts\":99999999999999999,\"qty\":1}",
                "{\"type\":\"view\",\"ts\":" + FieldLimit.MAX_EPOCH_MILLIS + ",\"qty\":9}",
                "{\"type\":\"view\",\"ts\":" + (FieldLimit.MIN_EPOCH_MILLIS - 1) + ",\"qty\":1}",
                "{\"type\":\"view\",\"ts\":0,\"qty\":10}",
                "{\"type\":null,\"ts\":null,\"qty\":null}"));

        assertThat(decoded.valid().orderBy("qty").collectAsList()).containsExactly(
                RowFactory.create(null, null, null),
                RowFactory.create("click", 1701234567890L, 1),
                RowFactory.create("view", FieldLimit.MAX_EPOCH_MILLIS, 9));
        List<Row> dead = decoded.deadLetters().orderBy(DeadLetter.OFFSET).collectAsList();
        assertThat(dead).extracting(r -> r.<Long>getAs(DeadLetter.OFFSET)).containsExactly(101L, 102L, 104L, 105L);
        assertThat(dead).extracting(r -> r.<String>getAs(DeadLetter.REASON)).containsExactly(
                "field 'type' is 80 characters long, over its limit of 5",
                "field 'ts' is 99999999999999999 ms, not an epoch-millisecond time from year 1 to 9999",
                "field 'ts' is -62135596800001 ms, not an epoch-millisecond time from year 1 to 9999",
                "field 'qty' is 10, outside [1, 9]");
    }

    @Test
    void aLimitMustNameAFieldOfATypeItAppliesTo() {
        assertThatThrownBy(() -> TextDecoder.json(ORDER).withLimits(FieldLimit.maxLength("nope", 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limited field 'nope' is not in the schema");
        assertThatThrownBy(() -> TextDecoder.json(ORDER).withLimits(FieldLimit.maxLength("quantity", 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit maxLength(quantity, 3) does not apply to field 'quantity' of type int");
    }

    @Test
    void csvSplitsValidLinesFromMalformedOnes() {
        StructType alert = new StructType().add("ts", DataTypes.StringType).add("level", DataTypes.StringType)
                .add("code", DataTypes.IntegerType).add("message", DataTypes.StringType);
        DecodedRows decoded = TextDecoder.csv(alert).withRequiredFields("level", "code").decode(records(
                "\"2026-01-01T00:00:00Z\",\"CRITICAL\",\"100\",\"disk full\"",
                "\"2026-01-01T00:00:01Z\",\"HIGH\",\"abc\",\"bad code\"",
                "\"2026-01-01T00:00:02Z\",\"HIGH\""));

        assertThat(decoded.valid().collectAsList())
                .containsExactly(RowFactory.create("2026-01-01T00:00:00Z", "CRITICAL", 100, "disk full"));
        assertThat(decoded.deadLetters().orderBy(DeadLetter.OFFSET).collectAsList())
                .extracting(r -> r.getAs(DeadLetter.OFFSET)).containsExactly(101L, 102L);
    }

    @Test
    void aLineIsTheWholeValueCommasAndQuotesIncludedAndABlankOrOverlongLineIsADeadLetter() {
        DecodedRows decoded = TextDecoder.line("text").withLimits(FieldLimit.maxLength("text", 30)).decode(records(
                "Great, \"really\" great {film}", "fine", "   ", "", null, "x".repeat(31)));

        assertThat(decoded.valid().collectAsList()).containsExactly(RowFactory.create("Great, \"really\" great {film}"),
                RowFactory.create("fine"));
        assertThat(decoded.deadLetters().orderBy(DeadLetter.OFFSET).collectAsList())
                .extracting(r -> (String) r.getAs(DeadLetter.REASON)).containsExactly("blank line", "blank line",
                        "null value", "field 'text' is 31 characters long, over its limit of 30");
    }

    @Test
    void theKafkaKeyIsAPayloadFieldAndARecordWithoutOneOrWithATooLongOneIsADeadLetter() {
        StructType keyed = new StructType().add("key", DataTypes.BinaryType).add("value", DataTypes.BinaryType)
                .add("offset", DataTypes.LongType);
        String[][] records = {{"Bob", "7"}, {null, "3"}, {"", "4"}, {"Kathy-the-great", "5"}, {"Sam", "x"}};
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < records.length; i++) {
            rows.add(RowFactory.create(records[i][0] == null ? null : records[i][0].getBytes(StandardCharsets.UTF_8),
                    records[i][1].getBytes(StandardCharsets.UTF_8), (long) i));
        }
        TextDecoder decoder = TextDecoder.csv(new StructType().add("score", DataTypes.IntegerType))
                .withRequiredFields("score").withKeyField("player", 10);
        DecodedRows decoded = decoder.decode(spark.createDataFrame(rows, keyed));

        assertThat(decoder.payloadSchema().fieldNames()).containsExactly("score", "player");
        assertThat(decoded.valid().collectAsList()).containsExactly(RowFactory.create(7, "Bob"));
        List<Row> dead = decoded.deadLetters().orderBy(DeadLetter.OFFSET).collectAsList();
        assertThat(dead).extracting(r -> (String) r.getAs(DeadLetter.REASON)).containsExactly(
                "missing key 'player'", "missing key 'player'", "key 'player' is 15 characters long, over its limit of 10",
                "malformed CSV: does not parse as struct<score:int>");
        assertThat(dead).extracting(r -> new String(r.<byte[]>getAs(DeadLetter.VALUE), StandardCharsets.UTF_8))
                .as("the raw value is kept").containsExactly("3", "4", "5", "x");
    }

    @Test
    void failfastNamesTheRecord() {
        Dataset<Row> valid = TextDecoder.json(ORDER).withMode(DecodeMode.FAILFAST)
                .decode(records("{\"orderId\":\"o1\"}", "not json")).valid();

        assertThatThrownBy(valid::collectAsList)
                .hasStackTraceContaining("MALFORMED_RECORD: a JSON record at topic in, partition 2, offset 101 cannot be decoded")
                .hasStackTraceContaining("use PERMISSIVE");
    }

    @Test
    void requiredFieldMustBeInTheSchema() {
        assertThatThrownBy(() -> TextDecoder.json(ORDER).withRequiredFields("nope"))
                .hasMessageContaining("required field 'nope' is not in the schema");
    }

    @Test
    void jsonIsStrictByDefaultAndEveryRejectionIsADeadLetterWithItsReason() {
        StructType event = new StructType().add("user_id", DataTypes.LongType).add("event_type", DataTypes.StringType);
        DecodedRows decoded = TextDecoder.json(event).decode(records(
                "{\"user_id\":1,\"event_type\":\"click\"}",
                "{\"user_id\":1,\"event_type\":\"click\"}}",
                "{'user_id':1,'event_type':'click'}",
                "{\"user_id\":1,\"event_type\":{\"a\":1}}",
                "{\"user_id\":1,\"event_type\":7}",
                "{\"user_id\":NaN,\"event_type\":\"click\"}",
                "[{\"user_id\":1,\"event_type\":\"click\"}]",
                "{\"user_id\":2,\"event_type\":null} ",
                "{\"user_id\":3,\"event_type\":\"view\"} 5"));

        assertThat(decoded.valid().collectAsList())
                .containsExactly(RowFactory.create(1L, "click"), RowFactory.create(2L, null));
        assertThat(decoded.deadLetters().orderBy(DeadLetter.OFFSET).collectAsList())
                .extracting(r -> r.getAs(DeadLetter.OFFSET) + " " + r.getAs(DeadLetter.REASON)).containsExactly(
                        "101 malformed JSON: content after the end of the object at character 35",
                        "102 malformed JSON: a name or string in single quotes at character 2",
                        "103 malformed JSON: field 'event_type' must be a JSON string, not an object",
                        "104 malformed JSON: field 'event_type' must be a JSON string, not a number",
                        "105 malformed JSON: NaN, not a JSON number",
                        "106 malformed JSON: an array, not a JSON object",
                        "108 malformed JSON: content after the end of the object at character 35");
    }

    @Test
    void lenientJsonOptionsAreAvailableByName() {
        StructType event = new StructType().add("user_id", DataTypes.LongType).add("event_type", DataTypes.StringType);
        DecodedRows quoted = TextDecoder.json(event).withOption("allowSingleQuotes", "true")
                .decode(records("{'user_id':1,'event_type':'click'}", "{\"user_id\":1,\"event_type\":7}"));
        assertThat(quoted.valid().collectAsList()).containsExactly(RowFactory.create(1L, "click"));

        DecodedRows lenient = TextDecoder.json(event).lenient()
                .decode(records("{\"user_id\":1,\"event_type\":\"click\"}}", "{\"user_id\":1,\"event_type\":{\"a\":1}}"));
        assertThat(lenient.valid().collectAsList())
                .containsExactly(RowFactory.create(1L, "click"), RowFactory.create(1L, "{\"a\":1}"));
    }

    @Test
    void csvRejectsAnOpenQuoteAndExtraFields() {
        StructType alert = new StructType().add("ts", DataTypes.StringType).add("level", DataTypes.StringType)
                .add("code", DataTypes.IntegerType);
        DecodedRows decoded = TextDecoder.csv(alert).decode(records(
                "2026-01-01T00:00:00Z,CRITICAL,100",
                "\"2026-01-01T00:00:01Z\",\"HIGH,200",
                "2026-01-01T00:00:02Z,HIGH,300,extra",
                "\"2026-01-01T00:00:03Z\",\"LOW, with a comma\",400"));

        assertThat(decoded.valid().collectAsList()).containsExactly(
                RowFactory.create("2026-01-01T00:00:00Z", "CRITICAL", 100),
                RowFactory.create("2026-01-01T00:00:03Z", "LOW, with a comma", 400));
        assertThat(decoded.deadLetters().orderBy(DeadLetter.OFFSET).collectAsList())
                .extracting(r -> r.getAs(DeadLetter.OFFSET) + " " + r.getAs(DeadLetter.REASON)).containsExactly(
                        "101 malformed CSV: does not parse as " + alert.simpleString(),
                        "102 malformed CSV: does not parse as " + alert.simpleString());
    }
}
