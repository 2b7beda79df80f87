package dev.glossary.common;

import static dev.glossary.support.TermFixtures.createTerm;
import static dev.glossary.support.TermFixtures.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TransactionsTest {

    @Inject EntityManager entityManager;

    @Test
    void shouldRunAgainTheWriteThatLostADeadlock() throws Exception {
        long first = idOf(createTerm(uniqueName("Deadlock first")));
        long second = idOf(createTerm(uniqueName("Deadlock second")));
        CountDownLatch bothHoldOneRow = new CountDownLatch(2);
        AtomicInteger attempts = new AtomicInteger();
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try {
            // Each locks one row, waits until the other holds the other row, then wants it: PostgreSQL picks a victim.
            List<Future<?>> both = List.of(
                    writers.submit(() -> Transactions.retryingConflicts(() -> lockBoth(first, second, bothHoldOneRow, attempts))),
                    writers.submit(() -> Transactions.retryingConflicts(() -> lockBoth(second, first, bothHoldOneRow, attempts))));
            for (Future<?> writer : both) {
                writer.get(30, TimeUnit.SECONDS);
            }
        } finally {
            writers.shutdownNow();
        }
        assertEquals(3, attempts.get(), "both writes succeed, the deadlock's victim on its second attempt");
    }

    @Test
    void shouldRunAgainAWriteWhoseRowAnotherWriteRemoved() {
        AtomicInteger attempts = new AtomicInteger();

        String answer = Transactions.retryingConflicts(() -> {
            if (attempts.incrementAndGet() == 1) {
                throw new OptimisticLockException("row was updated or deleted by another transaction");
            }
            return "judged again on what is committed";
        });
        assertEquals("judged again on what is committed", answer);
        assertEquals(2, attempts.get());
    }

    @Test
    void shouldNotRunAgainAFailureThatIsNotAConflict() {
        AtomicInteger attempts = new AtomicInteger();
        IllegalStateException failure = new IllegalStateException("not a conflict");

        assertSame(failure, assertThrows(IllegalStateException.class, () -> Transactions.retryingConflicts(() -> {
            attempts.incrementAndGet();
            throw failure;
        })));
        assertEquals(1, attempts.get());
    }

    @Test
    void shouldGiveUpAfterThreeLostConflicts() {
        AtomicInteger attempts = new AtomicInteger();

        assertThrows(RuntimeException.class, () -> Transactions.retryingConflicts(() -> {
            attempts.incrementAndGet();
            throw serialisationFailure();
        }));
        assertEquals(Transactions.ATTEMPTS, attempts.get());
    }

    @Test
    void shouldLeaveTheRetryToWhoeverBeganARunningTransaction() {
        AtomicInteger attempts = new AtomicInteger();

        assertThrows(RuntimeException.class, () -> QuarkusTransaction.requiringNew().run(() ->
                Transactions.retryingConflicts(() -> {
                    attempts.incrementAndGet();
                    throw serialisationFailure();
                })));
        assertEquals(1, attempts.get());
    }

    private void lockBoth(long mine, long theirs, CountDownLatch bothHoldOneRow, AtomicInteger attempts) {
        attempts.incrementAndGet();
        touch(mine);
        bothHoldOneRow.countDown();
        try {
            bothHoldOneRow.await(10, TimeUnit.SECONDS); // at once on a second attempt: the count is spent
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        touch(theirs);
    }

    private void touch(long id) {
        entityManager.createNativeQuery("UPDATE term SET short_definition = short_definition WHERE id = :id")
                .setParameter("id", id).executeUpdate();
    }

    private long idOf(String slug) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("SELECT id FROM term WHERE slug = :slug").setParameter("slug", slug).getSingleResult()).longValue());
    }

    private static RuntimeException serialisationFailure() {
        return new IllegalStateException("lost", new SQLException("could not serialize access", "40001"));
    }
}
