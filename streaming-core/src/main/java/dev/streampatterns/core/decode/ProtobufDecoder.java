package dev.streampatterns.core.decode;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Objects;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

/**
 * Decodes protobuf records with the contract of Spark's {@code from_protobuf(value, messageName,
 * descriptor, {mode})}: the same Spark schema ({@link ProtobufSchemaConverter}), the same null
 * semantics, and the modes PERMISSIVE and FAILFAST — plus a split of what it cannot parse into
 * dead letters with their offset and reason.
 *
 * <p><b>Why not {@code from_protobuf}:</b> Spark's {@code spark-protobuf} module for Scala 2.13
 * cannot be obtained from the package registry this project builds against, and without it
 * {@code functions.from_protobuf} compiles but fails at run time ({@code PROTOBUF_NOT_LOADED_SQL_FUNCTIONS_UNUSABLE}).
 * This decoder is the project's own implementation of the same contract on protobuf-java.
 *
 * <p>By descriptor (a descriptor set from a class-path resource, a file or bytes, and a message
 * name) records parse as {@code DynamicMessage}; by generated class they parse with the class's
 * own parser, which is faster. Decoding runs once per record where the decoded rows are computed;
 * {@link #recordsDecoded()} counts it.
 */
public final class ProtobufDecoder implements Decoder {
    private static final long serialVersionUID = 1L;

    private final ProtobufMessageType messageType;
    private final DecodeMode mode;
    private final boolean emitDefaultValues;
    private final StructType payloadSchema;
    private LongAccumulator recordsDecoded;

    private ProtobufDecoder(ProtobufMessageType messageType, DecodeMode mode, boolean emitDefaultValues) {
        this.messageType = Objects.requireNonNull(messageType, "messageType");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.emitDefaultValues = emitDefaultValues;
        this.payloadSchema = ProtobufSchemaConverter.toSparkSchema(messageType.descriptor());
    }

    /** A decoder by descriptor set on the class path, e.g. {@code forDescriptorResource("/protobuf/schemas.desc", "protobuf.UserEvent")}. */
    public static ProtobufDecoder forDescriptorResource(String resource, String messageName) {
        return new ProtobufDecoder(ProtobufMessageType.fromDescriptorResource(resource, messageName),
                DecodeMode.PERMISSIVE, false);
    }

    public static ProtobufDecoder forDescriptorFile(Path file, String messageName) {
        return new ProtobufDecoder(ProtobufMessageType.fromDescriptorFile(file, messageName), DecodeMode.PERMISSIVE, false);
    }

    public static ProtobufDecoder forDescriptorSet(byte[] descriptorSet, String messageName) {
        return new ProtobufDecoder(ProtobufMessageType.fromDescriptorSet(descriptorSet, messageName),
                DecodeMode.PERMISSIVE, false);
    }

    public static ProtobufDecoder forGeneratedClass(Class<? extends Message> messageClass) {
        return new ProtobufDecoder(ProtobufMessageType.fromGeneratedClass(messageClass), DecodeMode.PERMISSIVE, false);
    }

    /** The same decoder in another mode (PERMISSIVE by default). */
    public ProtobufDecoder withMode(DecodeMode value) {
        return new ProtobufDecoder(messageType, value, emitDefaultValues);
    }

    /**
     * Emit proto3 scalars left at their zero value as that value rather than null (Spark's
     * {@code emit.default.values} option). Off by default, as in Spark.
     */
    public ProtobufDecoder withEmitDefaultValues(boolean value) {
        return new ProtobufDecoder(messageType, mode, value);
    }

    public String messageName() {
        return messageType.fullName();
    }

    @Override
    public StructType payloadSchema() {
        return payloadSchema;
    }

    @Override
    public DecodeMode mode() {
        return mode;
    }

    @Override
    public LongAccumulator recordsDecoded() {
        return recordsDecoded;
    }

    @Override
    public synchronized DecodedRows decode(Dataset<Row> kafkaRecords) {
        if (recordsDecoded == null) {
            recordsDecoded = kafkaRecords.sparkSession().sparkContext()
                    .longAccumulator("records decoded as " + messageType.fullName());
        }
        Dataset<Row> input = DecodedColumns.selectKafkaInput(kafkaRecords);
        PartitionDecoder decodePartition = new PartitionDecoder(messageType, mode, emitDefaultValues, recordsDecoded);
        return DecodedRows.of(input.mapPartitions(decodePartition, Encoders.row(DecodedColumns.schema(payloadSchema))));
    }

    /** Decodes one partition on an executor; the converter is built once per partition, not per record. */
    private static final class PartitionDecoder implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        private static final int VALUE = 1;
        private static final int TOPIC = 2;
        private static final int PARTITION = 3;
        private static final int OFFSET = 4;

        private final ProtobufMessageType messageType;
        private final DecodeMode mode;
        private final boolean emitDefaultValues;
        private final LongAccumulator counter;

        PartitionDecoder(ProtobufMessageType messageType, DecodeMode mode, boolean emitDefaultValues,
                         LongAccumulator counter) {
            this.messageType = messageType;
            this.mode = mode;
            this.emitDefaultValues = emitDefaultValues;
            this.counter = counter;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> records) {
            ProtobufRowConverter converter = new ProtobufRowConverter(messageType.descriptor(), emitDefaultValues);
            // Spark's from_protobuf gives a struct of nulls for a malformed record under PERMISSIVE.
            Row nullPayload = RowFactory.create(new Object[messageType.descriptor().getFields().size()]);
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return records.hasNext();
                }

                @Override
                public Row next() {
                    Row record = records.next();
                    counter.add(1);
                    byte[] value = (byte[]) record.get(VALUE);
                    String error;
                    if (value == null) {
                        error = "null value";
                    } else {
                        try {
                            Message message = messageType.parse(value);
                            return decodedRow(record, null, converter.convert(message), null);
                        } catch (InvalidProtocolBufferException e) {
                            error = "not a valid " + messageType.fullName() + ": " + e.getMessage();
                        }
                    }
                    if (mode == DecodeMode.FAILFAST) {
                        throw new MalformedRecordException("protobuf " + messageType.fullName(),
                                (String) record.get(TOPIC), (Integer) record.get(PARTITION), (Long) record.get(OFFSET), error);
                    }
                    return decodedRow(record, value, nullPayload, error);
                }
            };
        }

        private static Row decodedRow(Row record, byte[] rawValue, Row payload, String error) {
            return RowFactory.create(record.get(0), rawValue, record.get(2), record.get(3), record.get(4),
                    record.get(5), payload, error);
        }
    }
}
