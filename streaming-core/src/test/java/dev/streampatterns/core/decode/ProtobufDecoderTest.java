package dev.streampatterns.core.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.streampatterns.core.decode.testing.Address;
import dev.streampatterns.core.decode.testing.Customer;
import dev.streampatterns.core.decode.testing.Line;
import dev.streampatterns.core.decode.testing.Order;
import dev.streampatterns.core.decode.testing.Status;
import dev.streampatterns.core.TestSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

class ProtobufDecoderTest {
    private static final String DESCRIPTOR = "/protobuf/testing.desc";
    private static final byte[] TRUNCATED = {0x0A, 0x10, 0x41};
    private static final StructType KAFKA_ROWS = new StructType()
            .add("value", DataTypes.BinaryType).add("topic", DataTypes.StringType)
            .add("partition", DataTypes.IntegerType).add("offset", DataTypes.LongType);

    private final SparkSession spark = TestSpark.local();

    private static Order richOrder() {
        return Order.newBuilder()
                .setId("o-1").setQuantity(3).setBig(9_000_000_000L).setRatio(0.25f).setPrice(19.99).setPaid(true)
                .setBlob(ByteString.copyFrom(new byte[] {1, 2, 3})).setStatus(Status.SHIPPED)
                .setCustomer(Customer.newBuilder().setName("Ada").setAddress(Address.newBuilder().setCity("Paris")))
                .addTags("gift").addTags("express")
                .addLines(Line.newBuilder().setSku("kb").setQty(1)).addLines(Line.newBuilder().setSku("mouse").setQty(2))
                .putCounts("a", 1)
                .setCreated(Timestamp.newBuilder().setSeconds(1_767_225_600L).setNanos(123_456_000))
                .setSmallUnsigned(7)
                .build();
    }

    private Dataset<Row> records(byte[]... values) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            rows.add(RowFactory.create(values[i], "orders", 0, (long) i));
        }
        return spark.createDataFrame(rows, KAFKA_ROWS);
    }

    @Test
    void schemaFollowsSparksProtobufMapping() {
        StructType line = new StructType().add("sku", DataTypes.StringType).add("qty", DataTypes.IntegerType);
        StructType expected = new StructType(new StructField[] {
            DataTypes.createStructField("id", DataTypes.StringType, true),
            DataTypes.createStructField("quantity", DataTypes.IntegerType, true),
            DataTypes.createStructField("big", DataTypes.LongType, true),
            DataTypes.createStructField("ratio", DataTypes.FloatType, true),
            DataTypes.createStructField("price", DataTypes.DoubleType, true),
            DataTypes.createStructField("paid", DataTypes.BooleanType, true),
            DataTypes.createStructField("blob", DataTypes.BinaryType, true),
            DataTypes.createStructField("status", DataTypes.StringType, true),
            DataTypes.createStructField("customer", new StructType().add("name", DataTypes.StringType)
                    .add("address", new StructType().add("city", DataTypes.StringType)), true),
            DataTypes.createStructField("tags", DataTypes.createArrayType(DataTypes.StringType, false), true),
            DataTypes.createStructField("lines", DataTypes.createArrayType(line, false), true),
            DataTypes.createStructField("counts",
                    DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType, false), true),
            DataTypes.createStructField("created", DataTypes.TimestampType, true),
            DataTypes.createStructField("small_unsigned", DataTypes.IntegerType, true),
        });

        assertThat(ProtobufDecoder.forDescriptorResource(DESCRIPTOR, "testing.Order").payloadSchema()).isEqualTo(expected);
        assertThat(ProtobufDecoder.forGeneratedClass(Order.class).payloadSchema()).isEqualTo(expected);
    }

    @Test
    void decodesEveryFieldShapeByDescriptorAndByGeneratedClass() {
        Order order = richOrder();
        for (ProtobufDecoder decoder : List.of(
                ProtobufDecoder.forDescriptorResource(DESCRIPTOR, "testing.Order"),
                ProtobufDecoder.forGeneratedClass(Order.class))) {
            List<Row> rows = decoder.decode(records(order.toByteArray())).valid().collectAsList();

            assertThat(rows).hasSize(1);
            Row row = rows.get(0);
            assertThat(row.<String>getAs("id")).isEqualTo(order.getId());
            assertThat(row.<Integer>getAs("quantity")).isEqualTo(order.getQuantity());
            assertThat(row.<Long>getAs("big")).isEqualTo(order.getBig());
            assertThat(row.<Float>getAs("ratio")).isEqualTo(order.getRatio());
            assertThat(row.<Double>getAs("price")).isEqualTo(order.getPrice());
            assertThat(row.<Boolean>getAs("paid")).isTrue();
            assertThat(row.<byte[]>getAs("blob")).containsExactly(order.getBlob().toByteArray());
            assertThat(row.<String>getAs("status")).isEqualTo(order.getStatus().name());
            Row customer = row.getAs("customer");
            assertThat(customer.<String>getAs("name")).isEqualTo(order.getCustomer().getName());
            assertThat(customer.<Row>getAs("address").<String>getAs("city")).isEqualTo(order.getCustomer().getAddress().getCity());
            assertThat(row.getList(row.fieldIndex("tags"))).containsExactlyElementsOf(order.getTagsList());
            List<Row> lines = row.getList(row.fieldIndex("lines"));
            assertThat(lines).extracting(l -> l.getString(0) + "x" + l.getInt(1))
                    .containsExactly("kbx1", "mousex2");
            Map<Object, Object> counts = CollectionConverters.asJava(row.getMap(row.fieldIndex("counts")));
            assertThat(counts).isEqualTo(Map.of("a", 1));
            java.sql.Timestamp created = row.getAs("created");
            assertThat(created.toInstant()).isEqualTo(java.time.Instant.ofEpochSecond(
                    order.getCreated().getSeconds(), order.getCreated().getNanos()));
            assertThat(row.<Integer>getAs("small_unsigned")).isEqualTo(7);
        }
    }

    @Test
    void unsetProto3FieldsAreNullAsInFromProtobufUnlessDefaultsAreEmitted() {
        Order sparse = Order.newBuilder().setId("o-2").build();
        ProtobufDecoder decoder = ProtobufDecoder.forGeneratedClass(Order.class);

        Row row = decoder.decode(records(sparse.toByteArray())).valid().collectAsList().get(0);
        assertThat(row.<String>getAs("id")).isEqualTo("o-2");
        assertThat(row.<Object>getAs("quantity")).isNull();
        assertThat(row.<Object>getAs("status")).isNull();
        assertThat(row.<Object>getAs("customer")).isNull();
        assertThat(row.<Object>getAs("created")).isNull();
        assertThat(row.getList(row.fieldIndex("tags"))).isEmpty();
        assertThat(row.getMap(row.fieldIndex("counts")).isEmpty()).isTrue();

        Row withDefaults = decoder.withEmitDefaultValues(true).decode(records(sparse.toByteArray()))
                .valid().collectAsList().get(0);
        assertThat(withDefaults.<Integer>getAs("quantity")).isZero();
        assertThat(withDefaults.<String>getAs("status")).isEqualTo("UNKNOWN");
        assertThat(withDefaults.<Object>getAs("customer")).isNull();
    }

    @Test
    void truncatedRecordGoesToTheDeadLetterWithItsOffsetAndReasonUnderPermissive() {
        ProtobufDecoder decoder = ProtobufDecoder.forDescriptorResource(DESCRIPTOR, "testing.Order");
        byte[] good = richOrder().toByteArray();

        DecodedRows decoded = decoder.decode(records(good, TRUNCATED, good));

        assertThat(decoded.valid().count()).isEqualTo(2);
        List<Row> dead = decoded.deadLetters().collectAsList();
        assertThat(dead).hasSize(1);
        Row letter = dead.get(0);
        assertThat(letter.<String>getAs(DeadLetter.TOPIC)).isEqualTo("orders");
        assertThat(letter.<Long>getAs(DeadLetter.OFFSET)).isEqualTo(1L);
        assertThat(letter.<byte[]>getAs(DeadLetter.VALUE)).containsExactly(TRUNCATED);
        assertThat(letter.<String>getAs(DeadLetter.REASON)).startsWith("not a valid testing.Order: ")
                .contains("truncated");
        // Like from_protobuf under PERMISSIVE: the malformed record's payload is a struct of nulls.
        Row payload = decoded.all().where("error is not null").collectAsList().get(0).getAs(DecodedColumns.PAYLOAD);
        assertThat(payload.length()).isEqualTo(14);
        for (int i = 0; i < payload.length(); i++) {
            assertThat(payload.isNullAt(i)).isTrue();
        }
    }

    @Test
    void aTimestampOutsideSparksRangeIsADeadLetterNotAFailedTask() {
        ProtobufDecoder decoder = ProtobufDecoder.forDescriptorResource(DESCRIPTOR, "testing.Order");
        long seconds = Long.MAX_VALUE / 1_000;   // valid protobuf, but times 10^6 overflows Spark's microseconds
        byte[] farFuture = richOrder().toBuilder().setCreated(Timestamp.newBuilder().setSeconds(seconds)).build().toByteArray();

        DecodedRows decoded = decoder.decode(records(richOrder().toByteArray(), farFuture));

        assertThat(decoded.valid().count()).isEqualTo(1);
        assertThat(decoded.deadLetters().collectAsList()).singleElement().satisfies(letter -> {
            assertThat(letter.<Long>getAs(DeadLetter.OFFSET)).isEqualTo(1L);
            assertThat(letter.<String>getAs(DeadLetter.REASON)).isEqualTo("a testing.Order that Spark cannot represent: "
                    + "a Timestamp of " + seconds + " s since the epoch is outside Spark's timestamp range");
        });
    }

    @Test
    void truncatedRecordFailsWithItsCoordinatesUnderFailfast() {
        ProtobufDecoder decoder = ProtobufDecoder.forGeneratedClass(Order.class).withMode(DecodeMode.FAILFAST);
        Dataset<Row> valid = decoder.decode(records(richOrder().toByteArray(), TRUNCATED)).valid();

        assertThatThrownBy(valid::collectAsList)
                .hasStackTraceContaining("MALFORMED_RECORD: a protobuf testing.Order record at topic orders, partition 0, offset 1")
                .hasStackTraceContaining("use PERMISSIVE");
    }

    @Test
    void nullValueIsMalformed() {
        DecodedRows decoded = ProtobufDecoder.forGeneratedClass(Order.class).decode(records((byte[]) null));
        assertThat(decoded.deadLetters().collectAsList()).extracting(r -> r.getAs(DeadLetter.REASON))
                .containsExactly("null value");
    }

    @Test
    void unknownMessageNameFailsAtConstructionNamingWhatTheSetHas() {
        assertThatThrownBy(() -> ProtobufDecoder.forDescriptorResource(DESCRIPTOR, "testing.Nope"))
                .hasMessageContaining("message 'testing.Nope' is not in the descriptor set")
                .hasMessageContaining("testing.Order");
        assertThatThrownBy(() -> ProtobufDecoder.forDescriptorResource("/protobuf/missing.desc", "testing.Order"))
                .hasMessageContaining("no protobuf descriptor set on the class path at /protobuf/missing.desc");
    }

    @Test
    void decoderCountsEachRecordItDecodes() {
        ProtobufDecoder decoder = ProtobufDecoder.forGeneratedClass(Order.class);
        Dataset<Row> valid = decoder.decode(records(richOrder().toByteArray(), TRUNCATED)).valid();
        valid.count();
        assertThat(decoder.recordsDecoded().value()).isEqualTo(2L);
    }
}
