package dev.streampatterns.predictions;

import dev.streampatterns.core.decode.FieldLimit;
import dev.streampatterns.core.decode.TextDecoder;
import dev.streampatterns.predictions.server.ModelServer;

/**
 * The review of SPEC section 7 as it arrives: the Kafka key is the review's id, the value one review line.
 */
public final class ReviewColumns {
    public static final String ID = "id";
    public static final String TEXT = "text";
    /** The longest id taken; a longer key is a dead letter. */
    public static final int MAX_ID_LENGTH = 128;

    private ReviewColumns() {
    }

    /**
     * The reviews' decoder: rows {@code text string, id string}. A record without an id key (or one over
     * {@value #MAX_ID_LENGTH} characters), with a blank line, or with a line longer than the model server
     * takes ({@value ModelServer#MAX_TEXT_CHARS} characters) is a dead letter with its reason; both modes
     * therefore refuse the same records.
     */
    public static TextDecoder decoder() {
        return TextDecoder.line(TEXT).withLimits(FieldLimit.maxLength(TEXT, ModelServer.MAX_TEXT_CHARS))
                .withKeyField(ID, MAX_ID_LENGTH);
    }
}
