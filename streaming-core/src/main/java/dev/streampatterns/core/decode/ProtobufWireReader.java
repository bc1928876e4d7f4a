package dev.streampatterns.core.decode;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Reads a message made only of singular scalar fields (numbers, bool, string, bytes, enum — the
 * shape of most event records) straight from the protobuf wire format into Spark's internal row,
 * without building a protobuf message first: no {@code DynamicMessage} field set, no reflective
 * getters, no boxed intermediate values, and strings are taken as the UTF-8 bytes they already are.
 *
 * <p>It gives exactly what protobuf-java's parser followed by {@link ProtobufRowConverter} gives, or
 * nothing: {@link #read} returns null — and the caller takes the general path — for anything it does
 * not vouch for: a record that does not parse, a known field with an unexpected wire type, a string
 * that is not well-formed UTF-8, an enum number the enum does not declare. Presence follows protobuf:
 * a field with explicit presence ({@code optional}, proto2) is set when it is on the wire; a proto3
 * field without it is set when its last value is not the zero value (bits of {@code -0.0} included,
 * as protobuf compares them); the last occurrence of a field wins; unknown fields are skipped.
 *
 * <p>Messages with repeated, map, message, oneof or required fields are not read here
 * ({@link #forMessage} returns null for them).
 */
final class ProtobufWireReader {
    private final Field[] byNumber;
    private final Map<Integer, Field> byLargeNumber;
    private final Field[] fields;

    private ProtobufWireReader(Field[] fields) {
        this.fields = fields;
        int max = 0;
        for (Field field : fields) {
            max = Math.max(max, field.number);
        }
        if (max <= 1024) {
            byNumber = new Field[max + 1];
            byLargeNumber = null;
            for (Field field : fields) {
                byNumber[field.number] = field;
            }
        } else {
            byNumber = null;
            byLargeNumber = new HashMap<>();
            for (Field field : fields) {
                byLargeNumber.put(field.number, field);
            }
        }
    }

    /** A reader for this message type, or null when the message has fields this reader does not handle. */
    static ProtobufWireReader forMessage(Descriptor descriptor, boolean emitDefaultValues) {
        List<FieldDescriptor> descriptors = descriptor.getFields();
        Field[] fields = new Field[descriptors.size()];
        for (int i = 0; i < fields.length; i++) {
            FieldDescriptor field = descriptors.get(i);
            if (field.isRepeated() || field.isRequired() || field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                    || field.getRealContainingOneof() != null) {
                return null;
            }
            fields[i] = new Field(i, field, emitDefaultValues);
        }
        return new ProtobufWireReader(fields);
    }

    /** The row of this record, or null when the general path must decide (see the class comment). */
    InternalRow read(byte[] bytes) {
        Object[] values = new Object[fields.length];
        boolean[] seen = new boolean[fields.length];
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        try {
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                int number = WireFormat.getTagFieldNumber(tag);
                Field field = byNumber != null ? (number < byNumber.length ? byNumber[number] : null)
                        : byLargeNumber.get(number);
                if (field == null) {
                    if (!in.skipField(tag)) {
                        return null; // an end-group tag where none is open: let the parser say what is wrong
                    }
                    continue;
                }
                if (WireFormat.getTagWireType(tag) != field.wireType) {
                    return null;
                }
                Object value = field.read(in, bytes);
                if (value == null) {
                    return null;
                }
                values[field.index] = value;
                seen[field.index] = true;
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        for (Field field : fields) {
            int i = field.index;
            boolean present = seen[i] && (field.explicitPresence || !field.isZero(values[i]));
            if (!present) {
                values[i] = field.valueWhenNotSet;
            }
        }
        return new GenericInternalRow(values);
    }

    /** One field: where it goes in the row, how it is read, and its value when not set. */
    private static final class Field {
        final int index;
        final int number;
        final int wireType;
        final FieldDescriptor.Type type;
        final boolean explicitPresence;
        /** Null, or the default when defaults are emitted or the field declares one (as the general path gives). */
        final Object valueWhenNotSet;
        /** Enum names by number, and the name of the enum's default; null for other types. */
        final Map<Integer, UTF8String> enumNames;
        final UTF8String enumDefault;

        Field(int index, FieldDescriptor field, boolean emitDefaultValues) {
            this.index = index;
            this.number = field.getNumber();
            this.type = field.getType();
            this.wireType = field.getLiteType().getWireType();
            this.explicitPresence = field.hasPresence();
            if (type == FieldDescriptor.Type.ENUM) {
                enumNames = new HashMap<>();
                for (EnumValueDescriptor value : field.getEnumType().getValues()) {
                    // findValueByNumber's choice among aliases: the first declared.
                    enumNames.putIfAbsent(value.getNumber(),
                            UTF8String.fromString(field.getEnumType().findValueByNumber(value.getNumber()).getName()));
                }
                enumDefault = enumNames.get(((EnumValueDescriptor) field.getDefaultValue()).getNumber());
            } else {
                enumNames = null;
                enumDefault = null;
            }
            this.valueWhenNotSet = emitDefaultValues || field.hasDefaultValue() ? internal(field.getDefaultValue()) : null;
        }

        private static Object internal(Object defaultValue) {
            if (defaultValue instanceof String text) {
                return UTF8String.fromString(text);
            }
            if (defaultValue instanceof ByteString bytes) {
                return bytes.toByteArray();
            }
            if (defaultValue instanceof EnumValueDescriptor value) {
                return UTF8String.fromString(value.getName());
            }
            return defaultValue;
        }

        /** Reads the value; null when this reader does not vouch for it. */
        Object read(CodedInputStream in, byte[] bytes) throws IOException {
            switch (type) {
                case INT32: return in.readInt32();
                case UINT32: return in.readUInt32();
                case SINT32: return in.readSInt32();
                case FIXED32: return in.readFixed32();
                case SFIXED32: return in.readSFixed32();
                case INT64: return in.readInt64();
                case UINT64: return in.readUInt64();
                case SINT64: return in.readSInt64();
                case FIXED64: return in.readFixed64();
                case SFIXED64: return in.readSFixed64();
                case FLOAT: return in.readFloat();
                case DOUBLE: return in.readDouble();
                case BOOL: return in.readBool();
                case BYTES: return in.readByteArray();
                case ENUM: return enumNames.get(in.readEnum());
                case STRING: {
                    int length = in.readRawVarint32();
                    int start = in.getTotalBytesRead();
                    in.skipRawBytes(length); // checks the length against what is left
                    // The record's own bytes, not a copy: Spark copies them into its row.
                    return isWellFormedUtf8(bytes, start, length) ? UTF8String.fromBytes(bytes, start, length) : null;
                }
                default: return null;
            }
        }

        /** Whether a proto3 field without presence holds its zero value, which protobuf treats as not set. */
        boolean isZero(Object value) {
            switch (type) {
                case FLOAT: return Float.floatToRawIntBits((Float) value) == 0;
                case DOUBLE: return Double.doubleToRawLongBits((Double) value) == 0;
                case BOOL: return !(Boolean) value;
                case STRING: return ((UTF8String) value).numBytes() == 0;
                case BYTES: return ((byte[]) value).length == 0;
                case ENUM: return value.equals(enumDefault);
                default: return ((Number) value).longValue() == 0;
            }
        }
    }

    /** Well-formed UTF-8 (Unicode's table 3-7: no overlong forms, surrogates or code points past U+10FFFF). */
    static boolean isWellFormedUtf8(byte[] bytes, int start, int length) {
        int end = start + length;
        int i = start;
        while (i < end) {
            int b = bytes[i] & 0xFF;
            if (b < 0x80) {
                i++;
                continue;
            }
            int continuation;
            int low = 0x80;
            int high = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                continuation = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                continuation = 2;
                low = b == 0xE0 ? 0xA0 : 0x80;
                high = b == 0xED ? 0x9F : 0xBF;
            } else if (b >= 0xF0 && b <= 0xF4) {
                continuation = 3;
                low = b == 0xF0 ? 0x90 : 0x80;
                high = b == 0xF4 ? 0x8F : 0xBF;
            } else {
                return false;
            }
            if (i + continuation >= end) {
                return false;
            }
            int second = bytes[i + 1] & 0xFF;
            if (second < low || second > high) {
                return false;
            }
            for (int k = 2; k <= continuation; k++) {
                int next = bytes[i + k] & 0xFF;
                if (next < 0x80 || next > 0xBF) {
                    return false;
                }
            }
            i += continuation + 1;
        }
        return true;
    }
}
