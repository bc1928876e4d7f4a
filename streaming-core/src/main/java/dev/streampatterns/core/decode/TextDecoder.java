package dev.streampatterns.core.decode;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.from_csv;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Decodes JSON or CSV records with a schema, using Spark's own {@code from_json} / {@code from_csv}
 * in PERMISSIVE mode with a corrupt-record column, so a record that does not parse — or whose values
 * do not fit the schema's types — is told apart from a valid one and goes to the dead letter with its
 * reason. Fields declared {@linkplain #withRequiredFields required} must be present too: JSON lets
 * any field be missing, and a missing event time or key is as unusable as a broken record. Fields
 * with {@linkplain #withLimits limits} must keep within them (a length, a range, a representable
 * time): a value that a later stage or a sink cannot take is a dead letter here, not a failed batch there.
 *
 * <p>FAILFAST stops the query at the first malformed record, naming its topic, partition and offset.
 */
public final class TextDecoder implements Decoder {
    private static final long serialVersionUID = 1L;
    private static final String CORRUPT = "_corrupt_record";
    private static final String PARSED = "_parsed";
    private static final String STRICT = "_strict_violation";

    /** The text formats this decoder reads: JSON objects, CSV lines, or the whole value as one text field. */
    public enum Format { JSON, CSV, LINE }

    private final Format format;
    private final StructType payloadSchema;
    private final DecodeMode mode;
    private final List<String> requiredFields;
    private final Map<String, String> options;
    private final List<FieldLimit> limits;
    private final boolean strict;
    /** The Kafka key as a payload field, see {@link #withKeyField}; null: the key is not read. */
    private final KeyField keyField;

    /** The Kafka key read as the text field {@code name} of at most {@code maxLength} characters. */
    private record KeyField(String name, int maxLength) implements java.io.Serializable {
    }

    private TextDecoder(Format format, StructType payloadSchema, DecodeMode mode, List<String> requiredFields,
                        Map<String, String> options, List<FieldLimit> limits) {
        this(format, payloadSchema, mode, requiredFields, options, limits, true, null);
    }

    private TextDecoder(Format format, StructType payloadSchema, DecodeMode mode, List<String> requiredFields,
                        Map<String, String> options, List<FieldLimit> limits, boolean strict, KeyField keyField) {
        this.strict = strict;
        this.keyField = keyField;
        this.format = format;
        this.payloadSchema = Objects.requireNonNull(payloadSchema, "schema");
        this.mode = mode;
        this.requiredFields = List.copyOf(requiredFields);
        this.options = Map.copyOf(options);
        this.limits = List.copyOf(limits);
        limits.forEach(limit -> limit.requireApplicableTo(payloadSchema));
        List<String> names = Arrays.asList(payloadSchema.fieldNames());
        for (String field : requiredFields) {
            if (!names.contains(field)) {
                throw new IllegalArgumentException("required field '" + field + "' is not in the schema " + names);
            }
        }
        if (names.contains(CORRUPT)) {
            throw new IllegalArgumentException("the schema may not have a field named " + CORRUPT);
        }
        if (keyField != null && names.contains(keyField.name())) {
            throw new IllegalArgumentException("the key field '" + keyField.name() + "' is a field of the value too: "
                    + names);
        }
    }

    /**
     * JSON objects, one per record, with the given schema — standard JSON only, strictly: the whole
     * value is one object, a string field holds a JSON string, and no single quotes, comments or
     * {@code NaN}; anything else is a dead letter saying what is wrong and where. See {@link #lenient}.
     */
    public static TextDecoder json(StructType schema) {
        return new TextDecoder(Format.JSON, schema, DecodeMode.PERMISSIVE, List.of(), Map.of(), List.of());
    }

    /**
     * The whole value as one text field {@code field}, as a review or a log line arrives: rows
     * {@code field string}. A null value or a blank one (nothing but white space) is a dead letter;
     * {@link #withLimits} bounds its length and {@link #withKeyField} reads the key beside it.
     */
    public static TextDecoder line(String field) {
        return new TextDecoder(Format.LINE, new StructType().add(Objects.requireNonNull(field, "field"),
                DataTypes.StringType), DecodeMode.PERMISSIVE, List.of(field), Map.of(), List.of());
    }

    /** CSV lines, one per record, whose columns are the schema's fields in order. */
    public static TextDecoder csv(StructType schema) {
        return new TextDecoder(Format.CSV, schema, DecodeMode.PERMISSIVE, List.of(), Map.of(), List.of());
    }

    public TextDecoder withMode(DecodeMode value) {
        return new TextDecoder(format, payloadSchema, value, requiredFields, options, limits, strict, keyField);
    }

    /** Fields that must not be null: a record without one of them is malformed. */
    public TextDecoder withRequiredFields(String... fields) {
        return new TextDecoder(format, payloadSchema, mode, Arrays.asList(fields), options, limits, strict, keyField);
    }

    /**
     * Spark's JSON reader as it is, lenient: content after the object is ignored, single quotes and
     * {@code NaN} are accepted, and any JSON value is taken as a string field's text. By default the
     * decoder is strict (see {@link #json}); one relaxation at a time is {@link #withOption}, e.g.
     * {@code allowSingleQuotes}.
     */
    public TextDecoder lenient() {
        return new TextDecoder(format, payloadSchema, mode, requiredFields, options, limits, false, keyField);
    }

    /**
     * A reader option of Spark's JSON or CSV source, such as {@code timestampFormat} or {@code sep};
     * a JSON {@code allow…} option relaxes the strict check as it relaxes Spark's reader.
     */
    public TextDecoder withOption(String key, String value) {
        if (key.equals("mode") || key.equals("columnNameOfCorruptRecord")) {
            throw new IllegalArgumentException(key + " is set by the decoder; use withMode for the mode");
        }
        Map<String, String> more = new LinkedHashMap<>(options);
        more.put(key, value);
        return new TextDecoder(format, payloadSchema, mode, requiredFields, more, limits, strict, keyField);
    }

    /**
     * Adds limits on fields: a record with a value outside one is malformed, its reason naming the
     * field and the limit. Checked in order, after the required fields; the first broken one is the reason.
     */
    public TextDecoder withLimits(FieldLimit... fieldLimits) {
        List<FieldLimit> more = new java.util.ArrayList<>(limits);
        more.addAll(Arrays.asList(fieldLimits));
        return new TextDecoder(format, payloadSchema, mode, requiredFields, options, more, strict, keyField);
    }

    /**
     * Reads the record's Kafka key too, as UTF-8 text, into the payload's last field {@code name}: for
     * topics whose key is the entity (a player, a sensor) and whose value holds only its measure. A
     * record without a key, with an empty one or one longer than {@code maxLength} characters is a
     * dead letter, as a missing required field is.
     */
    public TextDecoder withKeyField(String name, int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("a key of at least 1 character: " + maxLength);
        }
        return new TextDecoder(format, payloadSchema, mode, requiredFields, options, limits, strict,
                new KeyField(Objects.requireNonNull(name, "name"), maxLength));
    }

    @Override
    public StructType payloadSchema() {
        return keyField == null ? payloadSchema : payloadSchema.add(keyField.name(), DataTypes.StringType, false);
    }

    @Override
    public DecodeMode mode() {
        return mode;
    }

    @Override
    public DecodedRows decode(Dataset<Row> kafkaRecords) {
        Dataset<Row> input = DecodedColumns.selectKafkaInput(kafkaRecords);
        StructType withCorrupt = payloadSchema.add(CORRUPT, DataTypes.StringType, true);
        Map<String, String> readerOptions = new LinkedHashMap<>(options);
        boolean strictJson = format == Format.JSON && strict;
        if (strictJson) {
            StrictJson.STRICT_SPARK_OPTIONS.forEach(readerOptions::putIfAbsent);
            StrictJson check = new StrictJson(payloadSchema, options);
            UserDefinedFunction violation = udf((UDF1<String, String>) check::violation, DataTypes.StringType);
            input = input.withColumn(STRICT, violation.apply(col(DecodedColumns.VALUE).cast(DataTypes.StringType)));
        } else {
            input = input.withColumn(STRICT, lit(null).cast(DataTypes.StringType));
        }
        readerOptions.put("mode", "PERMISSIVE");
        readerOptions.put("columnNameOfCorruptRecord", CORRUPT);
        Column text = col(DecodedColumns.VALUE).cast(DataTypes.StringType);
        Column parsed = switch (format) {
            case JSON -> from_json(text, withCorrupt, readerOptions);
            case CSV -> from_csv(text, lit(withCorrupt.toDDL()), readerOptions);
            case LINE -> when(text.isNotNull(), struct(text.as(payloadSchema.fieldNames()[0]),
                    lit(null).cast(DataTypes.StringType).as(CORRUPT)));
        };

        Column error = when(col(DecodedColumns.VALUE).isNull(), lit("null value"))
                .when(col(PARSED).isNull(), lit("empty " + format + " record"));
        if (format == Format.LINE) {
            error = error.when(trim(text).equalTo(""), lit("blank line"));
        }
        error = error.when(col(STRICT).isNotNull(), col(STRICT))
                .when(col(PARSED + "." + CORRUPT).isNotNull(),
                        lit("malformed " + format + ": does not parse as " + payloadSchema.simpleString()));
        for (String field : requiredFields) {
            error = error.when(col(PARSED + "." + field).isNull(), lit("missing required field '" + field + "'"));
        }
        for (FieldLimit limit : limits) {
            Column value = col(PARSED + "." + limit.field());
            error = error.when(limit.isBrokenBy(value), limit.reason(value));
        }
        Column key = col(DecodedColumns.KEY).cast(DataTypes.StringType);
        if (keyField != null) {
            error = error.when(key.isNull().or(length(key).equalTo(0)), lit("missing key '" + keyField.name() + "'"))
                    .when(length(key).gt(keyField.maxLength()), concat(lit("key '" + keyField.name() + "' is "),
                            length(key).cast("string"), lit(" characters long, over its limit of " + keyField.maxLength())));
        }
        if (mode == DecodeMode.FAILFAST) {
            error = when(error.isNotNull(), raise_error(concat(
                    lit("MALFORMED_RECORD: a " + format + " record at topic "), col(DecodedColumns.TOPIC).cast("string"),
                    lit(", partition "), col(DecodedColumns.PARTITION).cast("string"),
                    lit(", offset "), col(DecodedColumns.OFFSET).cast("string"),
                    lit(" cannot be decoded: "), error,
                    lit(". Decode mode is FAILFAST; use PERMISSIVE to send malformed records to the dead letter instead."))));
        }
        List<Column> fields = new java.util.ArrayList<>(Arrays.stream(payloadSchema.fieldNames())
                .map(name -> col(PARSED + "." + name).as(name)).toList());
        if (keyField != null) {
            fields.add(key.as(keyField.name()));
        }
        Column payload = struct(fields.toArray(Column[]::new));

        Dataset<Row> decoded = input.withColumn(PARSED, parsed)
                .withColumn(DecodedColumns.ERROR, error.cast(DataTypes.StringType))
                .select(col(DecodedColumns.KEY),
                        when(col(DecodedColumns.ERROR).isNotNull(), col(DecodedColumns.VALUE)).as(DecodedColumns.VALUE),
                        col(DecodedColumns.TOPIC), col(DecodedColumns.PARTITION), col(DecodedColumns.OFFSET),
                        col(DecodedColumns.TIMESTAMP), payload.as(DecodedColumns.PAYLOAD), col(DecodedColumns.ERROR));
        return DecodedRows.of(decoded);
    }
}
