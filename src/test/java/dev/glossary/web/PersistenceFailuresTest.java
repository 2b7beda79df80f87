package dev.glossary.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** How failures that only PostgreSQL outages produce are told apart (fault runs found both). */
class PersistenceFailuresTest {

    @Test
    void shouldTreatAnExhaustedPoolAsUnavailable() {
        RuntimeException failure = new RuntimeException("Unable to acquire JDBC Connection",
                new SQLException("Sorry, acquisition timeout!"));
        assertEquals(ProblemType.SERVICE_UNAVAILABLE, ProblemMapper.classify(failure));
    }

    @Test
    void shouldTreatAConcurrentChangeOfTheSameRowAsAConflict() {
        RuntimeException commit = new RuntimeException("Transaction rolled back");
        commit.addSuppressed(new jakarta.persistence.OptimisticLockException("Unexpected row count"));
        assertEquals(ProblemType.CONFLICT, ProblemMapper.classify(commit));
    }

    @Test
    void shouldFindAConnectionFailureSuppressedByTheTransactionManager() {
        RuntimeException rollback = new RuntimeException("ARJUNA016053: Could not commit transaction");
        Exception xa = new Exception("XAException", new SQLException("I/O error", "08006"));
        rollback.addSuppressed(xa);
        assertEquals(ProblemType.SERVICE_UNAVAILABLE,
                ProblemMapper.classify(new RuntimeException("wrapper", rollback)));
    }

    @Test
    void shouldTreatAUniqueViolationAsAConflict() {
        assertEquals(ProblemType.CONFLICT,
                ProblemMapper.classify(new RuntimeException(new SQLException("duplicate", "23505"))));
    }

    @Test
    void shouldLeaveOtherFailuresUnclassified() {
        assertNull(
                ProblemMapper.classify(new IllegalStateException("a bug")));
    }
}
