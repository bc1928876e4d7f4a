package dev.streampatterns.analytics.userevents;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import org.apache.spark.sql.Column;
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

    /**
     * The sum of {@code value} over a group, a null value counting as 0: proto3 cannot tell a value
     * of 0.0 from "not set", and Spark's protobuf semantics make both null, so a user whose events all
     * have value 0 (signups, logouts) totals 0, not null. The one definition of a total that
     * {@link TopUsersByValue} and {@link UserActionTotals} share.
     */
    static Column totalOfValues() {
        return coalesce(sum(col(VALUE)), lit(0.0));
    }

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
