package dev.glossary.common;

import jakarta.persistence.OptimisticLockException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Set;
import org.hibernate.StaleStateException;
import org.hibernate.exception.JDBCConnectionException;

/** Tells database outages and constraint races apart from bugs by SQLSTATE, whatever wraps them. */
final class PersistenceFailures {

    enum Kind { UNAVAILABLE, CONFLICT, INVALID, OTHER }

    private PersistenceFailures() {
    }

    /**
     * Looks through causes and suppressed exceptions: a commit cut by an outage reports the
     * database error only as a suppressed exception of the transaction manager's.
     */
    static Kind classify(Throwable failure) {
        return classify(failure, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static Kind classify(Throwable t, Set<Throwable> seen) {
        if (t == null || !seen.add(t)) {
            return Kind.OTHER;
        }
        Kind own = classifyOne(t);
        if (own != Kind.OTHER) {
            return own;
        }
        for (Throwable suppressed : t.getSuppressed()) {
            Kind kind = classify(suppressed, seen);
            if (kind != Kind.OTHER) {
                return kind;
            }
        }
        return classify(t.getCause(), seen);
    }

    private static Kind classifyOne(Throwable t) {
        if (t instanceof SQLTransientConnectionException) {
            return Kind.UNAVAILABLE;
        }
        if (t instanceof SQLException sql) {
            return bySqlState(sql.getSQLState(), sql.getMessage());
        }
        if (t instanceof JDBCConnectionException) {
            return Kind.UNAVAILABLE;
        }
        // Another request changed the row (its version) between our read and our write.
        if (t instanceof OptimisticLockException || t instanceof StaleStateException) {
            return Kind.CONFLICT;
        }
        return Kind.OTHER;
    }

    private static Kind bySqlState(String state, String message) {
        if (state == null) {
            // Agroal reports an exhausted or unreachable pool ("Sorry, acquisition timeout!") without a SQLSTATE.
            return message != null && message.toLowerCase(Locale.ROOT).contains("acquisition timeout")
                    ? Kind.UNAVAILABLE : Kind.OTHER;
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
