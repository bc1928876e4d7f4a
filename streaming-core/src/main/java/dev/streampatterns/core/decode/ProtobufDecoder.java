package dev.streampatterns.core.decode;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import com.google.protobuf.Message;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.objects.Invoke;
import org.apache.spark.sql.classic.ExpressionUtils;
import org.apache.spark.sql.types.ObjectType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import scala.jdk.javaapi.CollectionConverters;

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
 * name) or by generated class: both give the same rows. A message of singular scalar fields (numbers,
 * bool, string, bytes, enum — most event records) is read straight from the wire into Spark's
 * internal row ({@link ProtobufWireReader}), equally fast in both modes; any other message parses as
 * a {@code DynamicMessage} (by descriptor) or with the generated class's parser, and is then
 * converted. Decoding runs once per record where the decoded rows are computed, inside Spark's
 * generated code, without building an external {@code Row} of the record or of the result;
 * {@link #recordsDecoded()} counts it.
 */
public final class ProtobufDecoder implements Decoder {
    private static final long serialVersionUID = 1L;

    /** The column that holds {@code (payload, error)} between the decoding and the output columns. */
    private static final String DECODED = "_decoded";

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

    /**
     * How many records this decoder has decoded in the session, counted where decoding runs (on the
     * executors); null before the first decode. Instrumentation, not part of the {@link Decoder}
     * contract: comparing it with a batch's rows shows whether the batch was decoded once or once per action.
     */
    public LongAccumulator recordsDecoded() {
        return recordsDecoded;
    }

    /**
     * Decodes with the record decoder called from Spark's own generated code, on Spark's internal rows:
     * the Kafka columns pass through untouched, and only {@code value} (plus the coordinates that name
     * a record under FAILFAST) goes to the decoder, which gives {@code (payload, error)} directly as an
     * internal row. The call is marked non-deterministic so that Spark neither pushes a filter on
     * {@code error} below it nor inlines it into each of the three columns that read it: each record is
     * decoded exactly once where the decoded rows are computed.
     */
    @Override
    public synchronized DecodedRows decode(Dataset<Row> kafkaRecords) {
        if (recordsDecoded == null) {
            recordsDecoded = kafkaRecords.sparkSession().sparkContext()
                    .longAccumulator("records decoded as " + messageType.fullName());
        }
        ProtobufRecordDecoder recordDecoder = new ProtobufRecordDecoder(messageType, mode, emitDefaultValues,
                recordsDecoded);
        Expression decoder = new Literal(recordDecoder, new ObjectType(ProtobufRecordDecoder.class));
        Expression coordinates = ExpressionUtils.expression(
                struct(col(DecodedColumns.TOPIC), col(DecodedColumns.PARTITION), col(DecodedColumns.OFFSET)));
        Expression decode = new Invoke(decoder, "decode", ProtobufRecordDecoder.resultType(payloadSchema),
                seq(List.of(ExpressionUtils.expression(col(DecodedColumns.VALUE)), coordinates)), seq(List.of()),
                false, false, false);
        Column error = col(DECODED + "." + DecodedColumns.ERROR);
        Dataset<Row> decoded = DecodedColumns.selectKafkaInput(kafkaRecords)
                .withColumn(DECODED, ExpressionUtils.column(decode))
                .select(col(DecodedColumns.KEY),
                        when(error.isNotNull(), col(DecodedColumns.VALUE)).as(DecodedColumns.VALUE),
                        col(DecodedColumns.TOPIC), col(DecodedColumns.PARTITION), col(DecodedColumns.OFFSET),
                        col(DecodedColumns.TIMESTAMP),
                        col(DECODED + "." + DecodedColumns.PAYLOAD).as(DecodedColumns.PAYLOAD),
                        error.as(DecodedColumns.ERROR));
        return DecodedRows.of(decoded);
    }

    private static <T> scala.collection.immutable.Seq<T> seq(List<T> values) {
        return CollectionConverters.asScala(values).toSeq();
    }
}
