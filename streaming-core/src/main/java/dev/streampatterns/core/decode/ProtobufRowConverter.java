package dev.streampatterns.core.decode;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.catalyst.util.IntervalUtils;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Converts a parsed protobuf message into a Spark row of {@link ProtobufSchemaConverter#toSparkSchema}
 * — in Spark's internal representation, as Spark's own {@code from_protobuf} does, so no external
 * {@code Row} is made and converted again — with the null semantics of {@code from_protobuf}: a
 * field that is not set is null — including a proto3 scalar left at its zero value, which protobuf
 * cannot tell from "not set" — unless {@code emitDefaultValues} is on; repeated and map fields are
 * always present (empty when not set); a message field not set is null.
 *
 * <p>Internal values: strings and enum names are {@link UTF8String}, bytes are {@code byte[]},
 * messages are rows, repeated fields are {@link GenericArrayData}, maps are {@link ArrayBasedMapData},
 * {@code Timestamp} is microseconds since the epoch and {@code Duration} is microseconds.
 *
 * <p>The per-field converters are built once per message type, not per record.
 */
final class ProtobufRowConverter {
    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long NANOS_PER_MICRO = 1_000L;

    private final FieldDescriptor[] fields;
    private final Function<Object, Object>[] converters;
    private final boolean emitDefaultValues;

    @SuppressWarnings({"unchecked", "rawtypes"})
    ProtobufRowConverter(Descriptor descriptor, boolean emitDefaultValues) {
        List<FieldDescriptor> list = descriptor.getFields();
        this.fields = list.toArray(new FieldDescriptor[0]);
        this.emitDefaultValues = emitDefaultValues;
        this.converters = new Function[fields.length];
        for (int i = 0; i < fields.length; i++) {
            converters[i] = fieldConverter(fields[i]);
        }
    }

    InternalRow convert(Message message) {
        Object[] values = new Object[fields.length];
        for (int i = 0; i < fields.length; i++) {
            FieldDescriptor field = fields[i];
            boolean present = field.isRepeated() || field.hasDefaultValue() || message.hasField(field)
                    || (emitDefaultValues && field.getJavaType() != FieldDescriptor.JavaType.MESSAGE);
            values[i] = present ? converters[i].apply(message.getField(field)) : null;
        }
        return new GenericInternalRow(values);
    }

    private Function<Object, Object> fieldConverter(FieldDescriptor field) {
        if (field.isMapField()) {
            Descriptor entry = field.getMessageType();
            FieldDescriptor keyField = entry.findFieldByName("key");
            FieldDescriptor valueField = entry.findFieldByName("value");
            Function<Object, Object> key = scalarConverter(keyField);
            Function<Object, Object> value = scalarConverter(valueField);
            return raw -> {
                List<?> entries = (List<?>) raw;
                // Later entries with the same key win, as in protobuf's own map view.
                java.util.Map<Object, Object> map = new java.util.LinkedHashMap<>();
                for (Object element : entries) {
                    Message pair = (Message) element;
                    map.put(key.apply(pair.getField(keyField)), value.apply(pair.getField(valueField)));
                }
                return new ArrayBasedMapData(new GenericArrayData(map.keySet().toArray()),
                        new GenericArrayData(map.values().toArray()));
            };
        }
        Function<Object, Object> element = scalarConverter(field);
        if (field.isRepeated()) {
            return raw -> {
                List<?> source = (List<?>) raw;
                Object[] converted = new Object[source.size()];
                for (int i = 0; i < converted.length; i++) {
                    converted[i] = element.apply(source.get(i));
                }
                return new GenericArrayData(converted);
            };
        }
        return element;
    }

    private Function<Object, Object> scalarConverter(FieldDescriptor field) {
        switch (field.getJavaType()) {
            case STRING:
                return raw -> UTF8String.fromString((String) raw);
            case BYTE_STRING:
                return raw -> ((ByteString) raw).toByteArray();
            case ENUM:
                return raw -> UTF8String.fromString(((EnumValueDescriptor) raw).getName());
            case MESSAGE:
                return messageConverter(field.getMessageType());
            default:
                return raw -> raw;
        }
    }

    private Function<Object, Object> messageConverter(Descriptor message) {
        switch (ProtobufSchemaConverter.WellKnownType.of(message)) {
            case TIMESTAMP: {
                FieldDescriptor seconds = message.getFields().get(0);
                FieldDescriptor nanos = message.getFields().get(1);
                return raw -> {
                    Message m = (Message) raw;
                    long secondsValue = (Long) m.getField(seconds);
                    try {
                        return Math.addExact(Math.multiplyExact(secondsValue, MICROS_PER_SECOND),
                                Math.floorDiv((Integer) m.getField(nanos), NANOS_PER_MICRO));
                    } catch (ArithmeticException e) {
                        throw new UnrepresentableValueException("a Timestamp of " + secondsValue
                                + " s since the epoch is outside Spark's timestamp range");
                    }
                };
            }
            case DURATION: {
                // As Spark converts a java.time.Duration to a day-time interval.
                FieldDescriptor seconds = message.getFields().get(0);
                FieldDescriptor nanos = message.getFields().get(1);
                return raw -> {
                    Message m = (Message) raw;
                    long secondsValue = (Long) m.getField(seconds);
                    try {
                        return IntervalUtils.durationToMicros(
                                java.time.Duration.ofSeconds(secondsValue, (Integer) m.getField(nanos)));
                    } catch (ArithmeticException e) {
                        throw new UnrepresentableValueException("a Duration of " + secondsValue
                                + " s is outside Spark's day-time interval range");
                    }
                };
            }
            default: {
                ProtobufRowConverter nested = new ProtobufRowConverter(message, emitDefaultValues);
                return raw -> nested.convert((Message) raw);
            }
        }
    }

    /** A well-formed protobuf value that Spark's types cannot hold: the record is malformed, not the job. */
    static final class UnrepresentableValueException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnrepresentableValueException(String message) {
            super(message);
        }
    }
}
