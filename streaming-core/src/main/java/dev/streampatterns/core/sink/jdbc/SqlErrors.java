package dev.streampatterns.core.sink.jdbc;

import java.sql.SQLException;

/**
 * Tells a row the database refuses from a database that cannot be written, by SQLSTATE class, which
 * PostgreSQL, MariaDB and H2 all report: class 22 (data exception: a value too long, out of range, a
 * bad date) and class 23 (integrity constraint violation: a duplicate key, a null in a NOT NULL
 * column) are about the row; everything else (08 connection, 28 authorization, 40 rollback, 42
 * syntax or missing table, 53 resources, 57 operator intervention) is about the database, and fails
 * the batch so the restart redoes it.
 */
final class SqlErrors {
    private SqlErrors() {
    }

    /** True when the error, or an error it chains to, is a data or constraint error of one row. */
    static boolean isDataError(SQLException e) {
        for (Throwable t = e; t != null; t = next(t)) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("22") || state.startsWith("23")) {
                    return true;
                }
                if (!state.isEmpty()) {
                    return false;
                }
            }
        }
        return false;
    }

    /**
     * True when the row repeats a primary or unique key the table holds already (SQLSTATE 23505 in
     * PostgreSQL and H2; 23000 with MariaDB's error 1062): the row was written before, which says
     * nothing about whether the table matches the data.
     */
    static boolean isDuplicateKey(SQLException e) {
        for (Throwable t = e; t != null; t = next(t)) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                if ("23505".equals(sql.getSQLState()) || ("23000".equals(sql.getSQLState()) && sql.getErrorCode() == 1062)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The server's own message of the most specific error in the chain. */
    static String message(SQLException e) {
        SQLException innermost = e;
        for (SQLException next = e.getNextException(); next != null; next = next.getNextException()) {
            innermost = next;
        }
        String message = innermost.getMessage();
        return message == null ? innermost.toString() : message.strip();
    }

    private static Throwable next(Throwable t) {
        if (t instanceof SQLException sql && sql.getNextException() != null) {
            return sql.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }
}
