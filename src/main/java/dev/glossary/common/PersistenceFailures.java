package dev.glossary.common;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** Tells database outages and constraint races apart from bugs by SQLSTATE, whatever wraps them. */
final class PersistenceFailures {

    enum Kind { UNAVAILABLE, CONFLICT, INVALID, OTHER }

    private PersistenceFailures() {
    }

    static Kind classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return Kind.UNAVAILABLE;
            }
            if (t instanceof SQLException sql) {
                Kind kind = bySqlState(sql.getSQLState(), sql.getMessage());
                if (kind != Kind.OTHER) {
                    return kind;
                }
            }
            if (t.getClass().getName().equals("org.hibernate.exception.JDBCConnectionException")) {
                return Kind.UNAVAILABLE;
            }
        }
        return Kind.OTHER;
    }

    private static Kind bySqlState(String state, String message) {
        if (state == null) {
            // Agroal reports an exhausted or unreachable pool without a SQLSTATE.
            return message != null && message.contains("Acquisition timeout") ? Kind.UNAVAILABLE : Kind.OTHER;
        }
        if (state.startsWith("08") || state.startsWith("53") || state.startsWith("57")
                || state.equals("40001") || state.equals("40P01") || state.equals("55P03")) {
            return Kind.UNAVAILABLE; // connection, resources, shutdown/timeout, serialisation, lock
        }
        if (state.equals("23505") || state.equals("23503")) {
            return Kind.CONFLICT;
        }
        if (state.startsWith("23") || state.startsWith("22")) {
            return Kind.INVALID;
        }
        return Kind.OTHER;
    }

    static String summary(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root instanceof SQLException sql ? " " + sql.getSQLState() : "");
    }
}
