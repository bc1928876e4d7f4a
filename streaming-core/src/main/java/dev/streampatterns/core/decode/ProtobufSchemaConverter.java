package dev.streampatterns.core.decode;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DayTimeIntervalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The Spark schema of a protobuf message, following Spark's own protobuf type mapping
 * ({@code org.apache.spark.sql.protobuf.utils.SchemaConverters} with default options):
 * int32/uint32/sint32/fixed32 → int, int64/uint64/... → long, float, double, bool, string,
 * bytes → binary, enum → string (the value's name), message → struct, repeated → array of
 * non-null elements, map → map with non-null values, {@code google.protobuf.Timestamp} → timestamp,
 * {@code google.protobuf.Duration} → day-time interval. A recursive message is rejected, as Spark does
 * by default.
 */
public final class ProtobufSchemaConverter {
    private ProtobufSchemaConverter() {
    }

    public static StructType toSparkSchema(Descriptor descriptor) {
        Set<String> path = new HashSet<>();
        path.add(descriptor.getFullName());
        return struct(descriptor, path);
    }

    private static StructType struct(Descriptor descriptor, Set<String> path) {
        List<StructField> fields = new ArrayList<>();
        for (FieldDescriptor field : descriptor.getFields()) {
            DataType type = fieldType(field, path);
            if (field.isMapField()) {
                fields.add(DataTypes.createStructField(field.getName(), type, true));
            } else if (field.isRepeated()) {
                fields.add(DataTypes.createStructField(field.getName(), DataTypes.createArrayType(type, false), true));
            } else {
                fields.add(DataTypes.createStructField(field.getName(), type, !field.isRequired()));
            }
        }
        return DataTypes.createStructType(fields);
    }

    private static DataType fieldType(FieldDescriptor field, Set<String> path) {
        switch (field.getJavaType()) {
            case INT: return DataTypes.IntegerType;
            case LONG: return DataTypes.LongType;
            case FLOAT: return DataTypes.FloatType;
            case DOUBLE: return DataTypes.DoubleType;
            case BOOLEAN: return DataTypes.BooleanType;
            case STRING: return DataTypes.StringType;
            case BYTE_STRING: return DataTypes.BinaryType;
            case ENUM: return DataTypes.StringType;
            case MESSAGE: return messageType(field, path);
            default: throw new IllegalArgumentException("unsupported protobuf type " + field.getJavaType()
                    + " of field " + field.getFullName());
        }
    }

    private static DataType messageType(FieldDescriptor field, Set<String> path) {
        Descriptor message = field.getMessageType();
        if (field.isMapField()) {
            DataType key = fieldType(message.findFieldByName("key"), path);
            DataType value = fieldType(message.findFieldByName("value"), path);
            return DataTypes.createMapType(key, value, false);
        }
        switch (WellKnownType.of(message)) {
            case TIMESTAMP: return DataTypes.TimestampType;
            case DURATION: return DayTimeIntervalType.apply();
            default: break;
        }
        if (path.contains(message.getFullName())) {
            throw new IllegalArgumentException("recursive protobuf message: field " + field.getFullName()
                    + " refers back to " + message.getFullName() + "; Spark's protobuf mapping rejects recursion");
        }
        Set<String> deeper = new HashSet<>(path);
        deeper.add(message.getFullName());
        return struct(message, deeper);
    }

    /** The message types that map to a Spark scalar instead of a struct, recognised by shape as Spark does. */
    enum WellKnownType {
        TIMESTAMP, DURATION, NONE;

        static WellKnownType of(Descriptor message) {
            boolean secondsNanos = message.getFields().size() == 2
                    && message.getFields().get(0).getName().equals("seconds")
                    && message.getFields().get(1).getName().equals("nanos");
            if (secondsNanos && message.getName().equals("Timestamp")) {
                return TIMESTAMP;
            }
            if (secondsNanos && message.getName().equals("Duration")) {
                return DURATION;
            }
            return NONE;
        }
    }
}
