package dev.glossary.term.search.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glossary.web.ProblemException;
import dev.glossary.web.ProblemType;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Searches take turns: as many at once as allowed, the others wait, and past the longest wait are shed. */
class SearchTurnsTest {

    @Test
    void shouldRunASearchWhenATurnIsFree() {
        SearchTurns turns = new SearchTurns(1, Duration.ofMillis(50));

        assertEquals("found", turns.run(() -> "found"));
        assertEquals("again", turns.run(() -> "again")); // the turn was given back
    }

    @Test
    void shouldGiveTheTurnBackWhenASearchFails() {
        SearchTurns turns = new SearchTurns(1, Duration.ofMillis(50));

        assertThrows(IllegalStateException.class, () -> turns.run(() -> {
            throw new IllegalStateException("broken");
        }));

        assertEquals("found", turns.run(() -> "found"));
    }

    @Test
    void shouldShedASearchThatWaitsLongerThanTheLongestWait() throws Exception {
        SearchTurns turns = new SearchTurns(1, Duration.ofMillis(100));
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<String> holder = holdTheTurn(turns, finish);

        ProblemException shed = assertThrows(ProblemException.class, () -> turns.run(() -> "second"));

        assertEquals(ProblemType.OVERLOADED, shed.type());
        assertEquals(Duration.ofSeconds(1), shed.retryAfter());
        finish.countDown();
        assertEquals("first", holder.get(5, TimeUnit.SECONDS));
    }

    @Test
    void shouldRunAWaitingSearchOnceATurnIsGivenBack() throws Exception {
        SearchTurns turns = new SearchTurns(1, Duration.ofSeconds(5));
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<String> holder = holdTheTurn(turns, finish);
        CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> turns.run(() -> "second"));

        finish.countDown();

        assertEquals("first", holder.get(5, TimeUnit.SECONDS));
        assertEquals("second", waiting.get(5, TimeUnit.SECONDS));
    }

    @Test
    void shouldRunAsManySearchesAtOnceAsItAllows() throws Exception {
        SearchTurns turns = new SearchTurns(2, Duration.ofSeconds(5));
        CountDownLatch bothRunning = new CountDownLatch(2);
        AtomicInteger atOnce = new AtomicInteger();
        Runnable search = () -> turns.run(() -> {
            atOnce.incrementAndGet();
            bothRunning.countDown();
            return await(bothRunning);
        });
        CompletableFuture<Void> first = CompletableFuture.runAsync(search);
        CompletableFuture<Void> second = CompletableFuture.runAsync(search);

        first.get(5, TimeUnit.SECONDS);
        second.get(5, TimeUnit.SECONDS);

        assertEquals(2, atOnce.get()); // neither waited for the other: both were inside together
    }

    /** A search that has its turn, running until {@code finish}, then answering "first". */
    private static CompletableFuture<String> holdTheTurn(SearchTurns turns, CountDownLatch finish) throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        CompletableFuture<String> holder = CompletableFuture.supplyAsync(() -> turns.run(() -> {
            running.countDown();
            await(finish);
            return "first";
        }));
        assertTrue(running.await(5, TimeUnit.SECONDS));
        return holder;
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
