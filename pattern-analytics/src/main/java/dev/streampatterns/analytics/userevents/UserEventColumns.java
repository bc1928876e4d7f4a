package dev.streampatterns.analytics.userevents;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The decoded user event (SPEC section 1, message {@code protobuf.UserEvent}) as the patterns read
 * it, and the columns of their outputs.
 */
public final class UserEventColumns {
    public static final String USER_ID = "userId";
    public static final String ACTION = "action";
    public static final String VALUE = "value";

    /** The output of {@link EventsPerAction}. */
    public static final String COUNT = "count";
    /** The output of {@link TopUsersByValue}. */
    public static final String TOTAL_VALUE = "totalValue";

    /** What the protobuf decoder gives for {@code protobuf.UserEvent}. */
    public static final StructType SCHEMA = new StructType()
            .add(USER_ID, DataTypes.StringType)
            .add(ACTION, DataTypes.StringType)
            .add(VALUE, DataTypes.DoubleType);

    /** The protobuf message these columns are decoded from. */
    public static final String MESSAGE_NAME = "protobuf.UserEvent";

    private UserEventColumns() {
    }
}
