package dev.glossary.term;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.Bulkhead;

/**
 * Searches, listing pages and bulk fetches that miss the cache: they cost PostgreSQL real work, so
 * only a few run at once and the rest are shed at once with 503 (ProblemMapper) rather than queued
 * for connections. Single-term look-ups never pass here, so they keep their connections and their
 * latency while listings are hammered. On 2 cores, 4 concurrent scans already keep PostgreSQL busy;
 * larger machines raise it with {@code dev.glossary.term.ExpensiveReads/run/Bulkhead/value}.
 * SmallRye Fault Tolerance counts the sheds in /q/metrics (ft_bulkhead_calls_total, rejected).
 */
@ApplicationScoped
public class ExpensiveReads {

    @Bulkhead(4)
    public <T> T run(Supplier<T> read) {
        return read.get();
    }
}
