package dev.streampatterns.core.decode;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.Serializable;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.util.LongAccumulator;

/**
 * Decodes one record's value into Spark's internal row {@code (payload, error)}, called by Spark's
 * generated code for every record (see {@link ProtobufDecoder#decode}): no external {@code Row} of
 * the Kafka record is made, and none of the result. Public only because the code Spark generates
 * calls it from another package; use {@link ProtobufDecoder}.
 *
 * <p>A copy travels to each task; its parsers are built on first use in the task, not per record.
 * Messages of scalar fields only are read straight from the wire ({@link ProtobufWireReader}); any
 * other message, or a record the wire reader does not vouch for, goes through protobuf-java's parser
 * and {@link ProtobufRowConverter} — the same result either way.
 */
public final class ProtobufRecordDecoder implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ProtobufMessageType messageType;
    private final DecodeMode mode;
    private final boolean emitDefaultValues;
    private final LongAccumulator counter;
    /** Built on first use in each copy; its final fields make it safe to share once assigned. */
    private transient Parsers parsers;

    private static final class Parsers {
        final ProtobufRowConverter converter;
        /** Null when the message is not flat. */
        final ProtobufWireReader wireReader;
        /** Spark's from_protobuf gives a struct of nulls for a malformed record under PERMISSIVE. */
        final InternalRow nullPayload;

        Parsers(ProtobufMessageType type, boolean emitDefaultValues) {
            converter = new ProtobufRowConverter(type.descriptor(), emitDefaultValues);
            wireReader = ProtobufWireReader.forMessage(type.descriptor(), emitDefaultValues);
            nullPayload = new GenericInternalRow(type.descriptor().getFields().size());
        }
    }

    ProtobufRecordDecoder(ProtobufMessageType messageType, DecodeMode mode, boolean emitDefaultValues,
                          LongAccumulator counter) {
        this.messageType = messageType;
        this.mode = mode;
        this.emitDefaultValues = emitDefaultValues;
        this.counter = counter;
    }

    /** The type of what {@link #decode} returns, for a payload schema. */
    static StructType resultType(StructType payload) {
        return new StructType()
                .add(DecodedColumns.PAYLOAD, payload, true)
                .add(DecodedColumns.ERROR, DataTypes.StringType, true);
    }

    /**
     * Decodes {@code value}; {@code coordinates} is {@code (topic, partition, offset)}, read only to
     * name a malformed record under FAILFAST.
     *
     * @return {@code (payload, null)} for a valid record, {@code (struct of nulls, reason)} otherwise
     */
    public InternalRow decode(byte[] value, InternalRow coordinates) {
        Parsers p = parsers;
        if (p == null) {
            p = new Parsers(messageType, emitDefaultValues);
            parsers = p;
        }
        counter.add(1);
        String error;
        if (value == null) {
            error = "null value";
        } else {
            InternalRow payload = p.wireReader == null ? null : p.wireReader.read(value);
            try {
                if (payload == null) {
                    payload = p.converter.convert(messageType.parse(value));
                }
                return new GenericInternalRow(new Object[] {payload, null});
            } catch (InvalidProtocolBufferException e) {
                error = "not a valid " + messageType.fullName() + ": " + e.getMessage();
            } catch (ProtobufRowConverter.UnrepresentableValueException e) {
                error = "a " + messageType.fullName() + " that Spark cannot represent: " + e.getMessage();
            }
        }
        if (mode == DecodeMode.FAILFAST) {
            throw new MalformedRecordException("protobuf " + messageType.fullName(),
                    coordinates.isNullAt(0) ? null : coordinates.getUTF8String(0).toString(),
                    coordinates.isNullAt(1) ? null : coordinates.getInt(1),
                    coordinates.isNullAt(2) ? null : coordinates.getLong(2), error);
        }
        return new GenericInternalRow(new Object[] {p.nullPayload, UTF8String.fromString(error)});
    }
}
