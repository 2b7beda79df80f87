package dev.glossary.common;

import io.quarkus.narayana.jta.QuarkusTransaction;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Writes whose transaction PostgreSQL may pick as a deadlock or serialisation victim (two editors changing
 * related terms at once lock their rows in opposite orders). The victim's transaction is rolled back whole, so
 * running it again is safe, and what an editor expects instead of a 503.
 */
public final class Transactions {

    static final int ATTEMPTS = 3;
    private static final long MAX_PAUSE_NANOS = 20_000_000L;

    private Transactions() {
    }

    /**
     * Runs {@code work} in a transaction of its own, up to {@value #ATTEMPTS} times while it loses a conflict; inside a
     * transaction already running, it joins it, and whoever began that one runs it again.
     */
    public static <T> T retryingConflicts(Supplier<T> work) {
        if (QuarkusTransaction.isActive()) {
            return work.get();
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return QuarkusTransaction.requiringNew().call(work::get);
            } catch (RuntimeException e) {
                if (attempt == ATTEMPTS || !lostConflict(e)) {
                    throw e;
                }
                // A random pause, so that the two do not meet again in the same order.
                LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(MAX_PAUSE_NANOS * attempt));
            }
        }
    }

    public static void retryingConflicts(Runnable work) {
        retryingConflicts(() -> {
            work.run();
            return null;
        });
    }

    /** A deadlock (40P01) or serialisation failure (40001) anywhere in the causes. */
    static boolean lostConflict(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && ("40P01".equals(sql.getSQLState()) || "40001".equals(sql.getSQLState()))) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
