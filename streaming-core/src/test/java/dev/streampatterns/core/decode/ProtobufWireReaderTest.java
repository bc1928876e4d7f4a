package dev.streampatterns.core.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.streampatterns.core.decode.testing.Order;
import dev.streampatterns.core.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The wire reader is a shortcut: for every input it must give exactly what protobuf-java's parser
 * followed by the row converter gives, or step aside (null). Checked on random flat messages of
 * proto3 (implicit and explicit presence) and proto2 (defaults, closed enum), each also merged with
 * another, with unknown fields, with wrong wire types, truncated, with broken UTF-8 and with an
 * enum number the enum does not declare.
 */
class ProtobufWireReaderTest {
    private static final Descriptor PROTO3 = build("flat3.proto", "proto3", false).findMessageTypeByName("Flat");
    private static final Descriptor PROTO2 = build("flat2.proto", "proto2", true).findMessageTypeByName("Flat");

    @Test
    void givesWhatTheParserAndConverterGiveOrStepsAside() throws IOException {
        Random random = new Random(7);
        for (Descriptor type : List.of(PROTO3, PROTO2)) {
            for (boolean emitDefaults : List.of(false, true)) {
                ProtobufWireReader reader = ProtobufWireReader.forMessage(type, emitDefaults);
                ProtobufRowConverter converter = new ProtobufRowConverter(type, emitDefaults);
                int plainMessages = 0;
                int readDirectly = 0;
                for (int i = 0; i < 3_000; i++) {
                    byte[] plain = randomMessage(type, random).toByteArray();
                    plainMessages++;
                    readDirectly += reader.read(plain) != null ? 1 : 0;
                    for (byte[] input : variants(type, plain, random)) {
                        InternalRow expected = parseAndConvert(type, converter, input);
                        InternalRow read = reader.read(input);
                        if (expected == null) {
                            assertThat(read).as("%s: not a valid message, yet read", Arrays.toString(input)).isNull();
                        } else if (read != null) {
                            assertSameRow(read, expected, type, input);
                        }
                    }
                }
                // The shortcut must be the common path for well-formed records, not a rare one.
                assertThat(readDirectly).as("%s read directly", type.getFile().getName()).isEqualTo(plainMessages);
            }
        }
    }

    @Test
    void leavesMessagesWithNestedRepeatedOrMapFieldsToTheGeneralPath() {
        assertThat(ProtobufWireReader.forMessage(Order.getDescriptor(), false)).isNull();
        assertThat(ProtobufWireReader.forMessage(PROTO3, false)).isNotNull();
    }

    @Test
    void wellFormedUtf8IsWhatJavasStrictDecoderAccepts() {
        Random random = new Random(11);
        byte[] interesting = {0x00, 0x41, 0x7F, (byte) 0x80, (byte) 0xBF, (byte) 0xC0, (byte) 0xC1, (byte) 0xC2,
            (byte) 0xDF, (byte) 0xE0, (byte) 0xA0, (byte) 0xED, (byte) 0x9F, (byte) 0xEF, (byte) 0xF0, (byte) 0x90,
            (byte) 0xF4, (byte) 0x8F, (byte) 0xF5, (byte) 0xFF};
        for (int i = 0; i < 200_000; i++) {
            byte[] bytes = new byte[random.nextInt(6)];
            for (int k = 0; k < bytes.length; k++) {
                bytes[k] = random.nextBoolean() ? interesting[random.nextInt(interesting.length)] : (byte) random.nextInt();
            }
            assertThat(ProtobufWireReader.isWellFormedUtf8(bytes, 0, bytes.length))
                    .as("%s", Arrays.toString(bytes)).isEqualTo(strictlyDecodable(bytes));
        }
    }

    @Test
    void decoderGivesTheSameRowsThroughSparkForAFlatMessage() throws IOException {
        Random random = new Random(3);
        List<byte[]> values = new ArrayList<>();
        List<DynamicMessage> messages = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            DynamicMessage message = randomMessage(PROTO3, random);
            messages.add(message);
            values.add(message.toByteArray());
        }
        byte[] set = FileDescriptorSet.newBuilder().addFile(PROTO3.getFile().toProto()).build().toByteArray();
        ProtobufDecoder decoder = ProtobufDecoder.forDescriptorSet(set, "flat3.Flat");
        List<Row> records = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            records.add(RowFactory.create(values.get(i), "flat", 0, (long) i));
        }
        StructType schema = new StructType().add("value", DataTypes.BinaryType).add("topic", DataTypes.StringType)
                .add("partition", DataTypes.IntegerType).add("offset", DataTypes.LongType);
        List<Row> rows = decoder.decode(TestSpark.local().createDataFrame(records, schema).repartition(2))
                .validWithKafkaColumns(DecodedColumns.OFFSET).collectAsList();

        assertThat(rows).hasSize(messages.size());
        for (Row row : rows) {
            DynamicMessage message = messages.get((int) (long) row.<Long>getAs("kafka_offset"));
            for (FieldDescriptor field : PROTO3.getFields()) {
                Object expected = message.hasField(field) ? external(message.getField(field)) : null;
                Object actual = row.get(row.fieldIndex(field.getName()));
                if (expected instanceof byte[] bytes) {
                    assertThat((byte[]) actual).as(field.getName()).containsExactly(bytes);
                } else {
                    assertThat(actual).as(field.getName()).isEqualTo(expected);
                }
            }
        }
    }

    private static Object external(Object value) {
        if (value instanceof ByteString bytes) {
            return bytes.toByteArray();
        }
        if (value instanceof com.google.protobuf.Descriptors.EnumValueDescriptor enumValue) {
            return enumValue.getName();
        }
        return value;
    }

    private static InternalRow parseAndConvert(Descriptor type, ProtobufRowConverter converter, byte[] input) {
        try {
            return converter.convert(DynamicMessage.parseFrom(type, input));
        } catch (InvalidProtocolBufferException e) {
            return null;
        }
    }

    private static void assertSameRow(InternalRow read, InternalRow expected, Descriptor type, byte[] input) {
        for (int i = 0; i < type.getFields().size(); i++) {
            Object mine = read.isNullAt(i) ? null : read.get(i, null);
            Object theirs = expected.isNullAt(i) ? null : expected.get(i, null);
            String what = type.getFields().get(i).getName() + " of " + Arrays.toString(input);
            if (theirs instanceof byte[] bytes) {
                assertThat((byte[]) mine).as(what).containsExactly(bytes);
            } else {
                assertThat(mine).as(what).isEqualTo(theirs);
            }
        }
    }

    /** The input itself and what a producer, a bug or a broken network could make of it. */
    private static List<byte[]> variants(Descriptor type, byte[] plain, Random random) throws IOException {
        List<byte[]> inputs = new ArrayList<>();
        inputs.add(plain);
        inputs.add(concat(plain, randomMessage(type, random).toByteArray())); // merged: the last value wins
        inputs.add(concat(plain, unknownFields()));
        inputs.add(Arrays.copyOf(plain, random.nextInt(plain.length + 1))); // truncated
        FieldDescriptor field = type.getFields().get(random.nextInt(type.getFields().size()));
        inputs.add(concat(plain, withWireType(field.getNumber(), random.nextInt(6), random)));
        inputs.add(concat(plain, stringField(type, new byte[] {'o', 'k', (byte) 0xC3})));     // cut in a character
        inputs.add(concat(plain, stringField(type, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}))); // surrogate
        inputs.add(concat(plain, enumField(type, 7)));                                         // undeclared number
        byte[] noise = new byte[random.nextInt(12)];
        random.nextBytes(noise);
        inputs.add(noise);
        return inputs;
    }

    private static byte[] unknownFields() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CodedOutputStream coded = CodedOutputStream.newInstance(out);
        coded.writeInt64(90, -5);
        coded.writeString(91, "unknown");
        coded.writeFixed32(92, 9);
        coded.writeFixed64(93, 9);
        coded.writeTag(94, 3); // a group holding one varint
        coded.writeInt32(1, 1);
        coded.writeTag(94, 4);
        coded.flush();
        return out.toByteArray();
    }

    private static byte[] withWireType(int number, int wireType, Random random) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CodedOutputStream coded = CodedOutputStream.newInstance(out);
        switch (wireType) {
            case 0 -> coded.writeInt64(number, random.nextLong());
            case 1 -> coded.writeFixed64(number, random.nextLong());
            case 2 -> coded.writeByteArray(number, new byte[] {'x', 'y'});
            case 5 -> coded.writeFixed32(number, random.nextInt());
            default -> coded.writeTag(number, wireType);
        }
        coded.flush();
        return out.toByteArray();
    }

    private static byte[] stringField(Descriptor type, byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CodedOutputStream coded = CodedOutputStream.newInstance(out);
        coded.writeByteArray(type.findFieldByName("text").getNumber(), bytes);
        coded.flush();
        return out.toByteArray();
    }

    private static byte[] enumField(Descriptor type, int number) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CodedOutputStream coded = CodedOutputStream.newInstance(out);
        coded.writeEnum(type.findFieldByName("color").getNumber(), number);
        coded.flush();
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** A message with each field unset, at its zero value, or random — strings with characters of 1 to 4 bytes. */
    private static DynamicMessage randomMessage(Descriptor type, Random random) {
        DynamicMessage.Builder builder = DynamicMessage.newBuilder(type);
        for (FieldDescriptor field : type.getFields()) {
            int choice = random.nextInt(3);
            if (choice == 0) {
                continue;
            }
            boolean zero = choice == 1;
            Object value = switch (field.getJavaType()) {
                case INT -> zero ? 0 : random.nextInt();
                case LONG -> zero ? 0L : random.nextLong();
                case FLOAT -> zero ? 0f : random.nextBoolean() ? -0f : random.nextFloat() * 1e6f - 5e5f;
                case DOUBLE -> zero ? 0.0 : random.nextBoolean() ? -0.0 : random.nextGaussian() * 1e9;
                case BOOLEAN -> !zero;
                case STRING -> zero ? "" : List.of("ada", "é", "日本", "😀 x", "user42").get(random.nextInt(5));
                case BYTE_STRING -> zero ? ByteString.EMPTY : ByteString.copyFrom(new byte[] {1, 0, (byte) 0xFF});
                case ENUM -> field.getEnumType().getValues().get(zero ? 0 : random.nextInt(field.getEnumType().getValues().size()));
                default -> throw new IllegalStateException("not a flat field: " + field);
            };
            builder.setField(field, value);
        }
        return builder.build();
    }

    /** One enum and one message with every scalar type; proto3 adds {@code optional} fields, proto2 adds defaults. */
    private static FileDescriptor build(String name, String syntax, boolean proto2) {
        String pkg = name.replace(".proto", "");
        DescriptorProto.Builder message = DescriptorProto.newBuilder().setName("Flat");
        Type[] types = {Type.TYPE_INT32, Type.TYPE_INT64, Type.TYPE_UINT32, Type.TYPE_UINT64, Type.TYPE_SINT32,
            Type.TYPE_SINT64, Type.TYPE_FIXED32, Type.TYPE_FIXED64, Type.TYPE_SFIXED32, Type.TYPE_SFIXED64,
            Type.TYPE_FLOAT, Type.TYPE_DOUBLE, Type.TYPE_BOOL, Type.TYPE_BYTES};
        int number = 1;
        for (Type type : types) {
            FieldDescriptorProto.Builder field = FieldDescriptorProto.newBuilder().setName("f" + number)
                    .setNumber(number++).setType(type).setLabel(Label.LABEL_OPTIONAL);
            if (proto2 && type == Type.TYPE_INT32) {
                field.setDefaultValue("7");
            }
            message.addField(field);
        }
        FieldDescriptorProto.Builder text = FieldDescriptorProto.newBuilder().setName("text").setNumber(number++)
                .setType(Type.TYPE_STRING).setLabel(Label.LABEL_OPTIONAL);
        if (proto2) {
            text.setDefaultValue("none");
        }
        message.addField(text);
        message.addField(FieldDescriptorProto.newBuilder().setName("color").setNumber(number++)
                .setType(Type.TYPE_ENUM).setTypeName("." + pkg + ".Color").setLabel(Label.LABEL_OPTIONAL));
        if (!proto2) {
            // A field number past the reader's lookup table, and proto3's explicit presence.
            message.addField(FieldDescriptorProto.newBuilder().setName("big_number").setNumber(2000)
                    .setType(Type.TYPE_INT32).setLabel(Label.LABEL_OPTIONAL));
            for (String optional : List.of("maybe_count", "maybe_name")) {
                message.addOneofDecl(OneofDescriptorProto.newBuilder().setName("_" + optional));
                message.addField(FieldDescriptorProto.newBuilder().setName(optional).setNumber(number++)
                        .setType(optional.endsWith("count") ? Type.TYPE_INT32 : Type.TYPE_STRING)
                        .setLabel(Label.LABEL_OPTIONAL).setProto3Optional(true)
                        .setOneofIndex(message.getOneofDeclCount() - 1));
            }
        }
        FileDescriptorProto file = FileDescriptorProto.newBuilder().setName(name).setPackage(pkg)
                .setSyntax(syntax)
                .addEnumType(EnumDescriptorProto.newBuilder().setName("Color")
                        .addValue(EnumValueDescriptorProto.newBuilder().setName("NONE").setNumber(0))
                        .addValue(EnumValueDescriptorProto.newBuilder().setName("RED").setNumber(1))
                        .addValue(EnumValueDescriptorProto.newBuilder().setName("GREEN").setNumber(2)))
                .addMessageType(message)
                .build();
        try {
            return FileDescriptor.buildFrom(file, new FileDescriptor[0]);
        } catch (DescriptorValidationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean strictlyDecodable(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
