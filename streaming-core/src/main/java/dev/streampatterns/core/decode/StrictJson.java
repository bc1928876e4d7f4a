package dev.streampatterns.core.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.io.Serializable;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * What Spark's JSON reader lets through and the contract does not: content after the object
 * ({@code {…}}}), single quotes, {@code NaN}, and any JSON value where a string is due ({@code {"a":1}}
 * stored as the text {@code {"a":1}}). Checked with Jackson's standard parser before Spark's reader
 * runs; {@link #violation} says what is wrong, or null.
 *
 * <p>The same reader options as Spark's relax it by name: {@code allowSingleQuotes},
 * {@code allowUnquotedFieldNames}, {@code allowComments}, {@code allowNonNumericNumbers},
 * {@code allowNumericLeadingZeros}, {@code allowBackslashEscapingAnyCharacter},
 * {@code allowUnquotedControlChars}.
 */
final class StrictJson implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Spark's options whose default is lenient, and the strict value the decoder gives them. */
    static final Map<String, String> STRICT_SPARK_OPTIONS = Map.of("allowSingleQuotes", "false",
            "allowNonNumericNumbers", "false");

    private static final Map<String, JsonReadFeature> FEATURES = Map.of(
            "allowSingleQuotes", JsonReadFeature.ALLOW_SINGLE_QUOTES,
            "allowUnquotedFieldNames", JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES,
            "allowComments", JsonReadFeature.ALLOW_JAVA_COMMENTS,
            "allowNonNumericNumbers", JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS,
            "allowNumericLeadingZeros", JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS,
            "allowBackslashEscapingAnyCharacter", JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER,
            "allowUnquotedControlChars", JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS);

    private final StructType schema;
    private final Map<String, String> options;
    private transient JsonFactory factory;

    StrictJson(StructType schema, Map<String, String> options) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.options = Map.copyOf(options);
    }

    /** Why {@code text} breaks the contract, as a dead letter's reason; null when it keeps it (or is null). */
    String violation(String text) {
        if (text == null) {
            return null;
        }
        try (JsonParser parser = factory().createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return null; // empty: the decoder's own reason
            }
            if (first != JsonToken.START_OBJECT) {
                return "malformed JSON: " + describe(first) + ", not a JSON object";
            }
            String wrongType = checkObject(parser, schema, "");
            if (wrongType != null) {
                return wrongType;
            }
            return afterTheObject(parser);
        } catch (JsonParseException e) {
            return "malformed JSON: " + reason(e);
        } catch (IOException e) {
            return "malformed JSON: " + e.getMessage();
        }
    }

    /** Null when nothing but white space follows the object; otherwise where something does. */
    private static String afterTheObject(JsonParser parser) throws IOException {
        long at;
        try {
            if (parser.nextToken() == null) {
                return null;
            }
            at = parser.currentTokenLocation().getCharOffset();
        } catch (JsonParseException e) {
            at = e.getLocation().getCharOffset(); // a stray '}' or ']' is no token, but it is content
        }
        return "malformed JSON: content after the end of the object at character " + (at + 1);
    }

    /** Walks an object whose start was read, checking the string and struct fields of {@code type}. */
    private static String checkObject(JsonParser parser, StructType type, String path) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            StructField field = fieldOf(type, name);
            if (field != null && field.dataType().equals(DataTypes.StringType)
                    && value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NULL) {
                return "malformed JSON: field '" + path + name + "' must be a JSON string, not " + describe(value);
            }
            if (field != null && field.dataType() instanceof StructType nested && value == JsonToken.START_OBJECT) {
                String inner = checkObject(parser, nested, path + name + ".");
                if (inner != null) {
                    return inner;
                }
            } else {
                parser.skipChildren();
            }
        }
        return null;
    }

    private static StructField fieldOf(StructType type, String name) {
        for (StructField field : type.fields()) {
            if (field.name().equals(name)) {
                return field;
            }
        }
        return null;
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_STRING -> "a string";
            default -> token.asString() == null ? token.name() : token.asString();
        };
    }

    /** Jackson's message in the reader's words: what, and at which character (counted from 1). */
    private static String reason(JsonParseException e) {
        String message = e.getOriginalMessage();
        for (String end : new String[] {"\n", " (for ", ": was expecting"}) {
            int cut = message.indexOf(end);
            message = cut < 0 ? message : message.substring(0, cut);
        }
        String where = e.getLocation() == null ? "" : " at character " + (e.getLocation().getCharOffset() + 1);
        if (message.startsWith("Unexpected end-of-input")) {
            return "the record ends inside the object";
        }
        if (message.startsWith("Unexpected character ('''")) {
            return "a name or string in single quotes" + where;
        }
        if (message.startsWith("Non-standard token")) {
            return (message.contains("NaN") ? "NaN" : "Infinity") + ", not a JSON number";
        }
        return message + where;
    }

    private JsonFactory factory() {
        if (factory == null) {
            JsonFactoryBuilder builder = new JsonFactoryBuilder();
            FEATURES.forEach((option, feature) -> builder.configure(feature,
                    Boolean.parseBoolean(options.getOrDefault(option, "false"))));
            factory = builder.build();
        }
        return factory;
    }
}
