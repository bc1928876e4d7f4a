-- The order summary of SPEC section 2: per product and 5-second event-time window, the value and the
-- number of its orders, one row per window and product, upserted by the orders job (a window is
-- published once, when it closes; a batch redone after a crash writes the same row again).
-- window_start and window_end hold UTC: the job's sessions run in UTC and bind times in UTC, whatever
-- the zone of the JVM. Money is DECIMAL(12,2), exact; a total that does not fit is refused by the
-- database (SQLSTATE 22003) and the job sends it to the dead letter with the database's reason.
-- Products compare as in Spark: 'Mouse', 'mouse' and 'Mouse ' are three products (${table_options}:
-- UTF-8 and a binary collation that does not pad, on MariaDB).
CREATE TABLE IF NOT EXISTS ${table} (
    window_start ${timestamp_type} NOT NULL,
    window_end   ${timestamp_type} NOT NULL,
    product      VARCHAR(50)       NOT NULL,
    total_value  DECIMAL(12,2)     NOT NULL,
    order_count  BIGINT            NOT NULL,
    PRIMARY KEY (window_start, product)
) ${table_options};
