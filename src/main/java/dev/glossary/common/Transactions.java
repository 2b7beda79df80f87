package dev.glossary.common;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.OptimisticLockException;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.hibernate.StaleStateException;

/**
 * Writes that can lose a race with another write: PostgreSQL picks one of two editors changing related terms at
 * once as a deadlock victim (their rows locked in opposite orders), or a row read is gone or a key taken by the
 * time this one writes. The loser's transaction is rolled back whole, so running it again is safe, and it then
 * answers by the rules on what is now committed (404, 409 naming the slug, 412) instead of a 503 or a bare 409.
 */
public final class Transactions {

    static final int ATTEMPTS = 3;
    private static final Set<String> RACES = Set.of("40P01", "40001", "23505", "23503");
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

    /**
     * Anywhere in the causes: a deadlock (40P01), a serialisation failure (40001), a key another write took (23505)
     * or a row it removed (23503), or a row changed or gone between this write's read and its write.
     */
    static boolean lostConflict(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && RACES.contains(String.valueOf(sql.getSQLState()))
                    || cause instanceof OptimisticLockException || cause instanceof StaleStateException) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
