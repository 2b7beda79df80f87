package dev.glossary.term;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.Bulkhead;

/**
 * Cache misses of searches, listings and bulk fetches: a few at once, the rest shed with 503 so that
 * lookups keep their connections. Raise with {@code dev.glossary.term.ExpensiveReads/run/Bulkhead/value}.
 */
@ApplicationScoped
public class ExpensiveReads {

    @Bulkhead(4)
    public <T> T run(Supplier<T> read) {
        return read.get();
    }
}
