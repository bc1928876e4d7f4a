package dev.streampatterns.core.decode;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Converts a parsed protobuf message into a Spark {@link Row} of
 * {@link ProtobufSchemaConverter#toSparkSchema} with the null semantics of Spark's
 * {@code from_protobuf}: a field that is not set is null — including a proto3 scalar left at its
 * zero value, which protobuf cannot tell from "not set" — unless {@code emitDefaultValues} is on;
 * repeated and map fields are always present (empty when not set); a message field not set is null.
 *
 * <p>The per-field converters are built once per message type, not per record.
 */
final class ProtobufRowConverter {
    private final FieldDescriptor[] fields;
    private final Function<Object, Object>[] converters;
    private final boolean emitDefaultValues;

    @SuppressWarnings("unchecked")
    ProtobufRowConverter(Descriptor descriptor, boolean emitDefaultValues) {
        List<FieldDescriptor> list = descriptor.getFields();
        this.fields = list.toArray(new FieldDescriptor[0]);
        this.emitDefaultValues = emitDefaultValues;
        this.converters = new Function[fields.length];
        for (int i = 0; i < fields.length; i++) {
            converters[i] = fieldConverter(fields[i]);
        }
    }

    Row convert(Message message) {
        Object[] values = new Object[fields.length];
        for (int i = 0; i < fields.length; i++) {
            FieldDescriptor field = fields[i];
            boolean present = field.isRepeated() || field.hasDefaultValue() || message.hasField(field)
                    || (emitDefaultValues && field.getJavaType() != FieldDescriptor.JavaType.MESSAGE);
            values[i] = present ? converters[i].apply(message.getField(field)) : null;
        }
        return RowFactory.create(values);
    }

    private Function<Object, Object> fieldConverter(FieldDescriptor field) {
        if (field.isMapField()) {
            Descriptor entry = field.getMessageType();
            FieldDescriptor keyField = entry.findFieldByName("key");
            FieldDescriptor valueField = entry.findFieldByName("value");
            Function<Object, Object> key = scalarConverter(keyField);
            Function<Object, Object> value = scalarConverter(valueField);
            return raw -> {
                Map<Object, Object> map = new LinkedHashMap<>();
                for (Object element : (List<?>) raw) {
                    Message pair = (Message) element;
                    map.put(key.apply(pair.getField(keyField)), value.apply(pair.getField(valueField)));
                }
                return CollectionConverters.asScala(map);
            };
        }
        Function<Object, Object> element = scalarConverter(field);
        if (field.isRepeated()) {
            return raw -> {
                List<?> source = (List<?>) raw;
                List<Object> converted = new ArrayList<>(source.size());
                for (Object item : source) {
                    converted.add(element.apply(item));
                }
                return CollectionConverters.asScala(converted).toSeq();
            };
        }
        return element;
    }

    private Function<Object, Object> scalarConverter(FieldDescriptor field) {
        switch (field.getJavaType()) {
            case BYTE_STRING:
                return raw -> ((ByteString) raw).toByteArray();
            case ENUM:
                return raw -> ((EnumValueDescriptor) raw).getName();
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
                    Timestamp ts = new Timestamp((Long) m.getField(seconds) * 1000L);
                    ts.setNanos((Integer) m.getField(nanos));
                    return ts;
                };
            }
            case DURATION: {
                FieldDescriptor seconds = message.getFields().get(0);
                FieldDescriptor nanos = message.getFields().get(1);
                return raw -> {
                    Message m = (Message) raw;
                    return Duration.ofSeconds((Long) m.getField(seconds), (Integer) m.getField(nanos));
                };
            }
            default: {
                ProtobufRowConverter nested = new ProtobufRowConverter(message, emitDefaultValues);
                return raw -> nested.convert((Message) raw);
            }
        }
    }
}
