package dev.glossary.term.search.index;

import dev.glossary.web.ProblemException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Searches of the index take turns, as many at once as there are cores. A search is CPU and nothing
 * else, so more at once only interleave them, each holding its working sets (about 1 MB at 100,000
 * terms) for longer: in the production heap, twenty at once outlived young collections, filled the old
 * generation and made a full collection every half second. A search that waits longer than
 * {@code longestWait} is shed with 503, as the database's bulkhead sheds, rather than queued.
 */
final class SearchTurns {

    private final Semaphore turns;
    private final Duration longestWait;

    SearchTurns(int atOnce, Duration longestWait) {
        this.turns = new Semaphore(atOnce, true); // first come, first served: no search starves
        this.longestWait = longestWait;
    }

    static SearchTurns perCore(Duration longestWait) {
        return new SearchTurns(Runtime.getRuntime().availableProcessors(), longestWait);
    }

    <T> T run(Supplier<T> search) {
        try {
            if (!turns.tryAcquire(longestWait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw ProblemException.overloaded("Too many searches are waiting for a turn; retry shortly");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProblemException.overloaded("Interrupted while waiting for a turn to search; retry shortly");
        }
        try {
            return search.get();
        } finally {
            turns.release();
        }
    }
}
