package dev.glossary.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glossary.outbox.OutboxQueue.Retry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryTest {

    private static final Duration INITIAL = Duration.ofSeconds(10);
    private static final Duration MAX = Duration.ofHours(1);

    @Test
    void shouldDoubleTheBackOffUpToItsMaximum() {
        Retry retry = new Retry(INITIAL, MAX, 20, false);

        assertEquals(Duration.ofSeconds(10), retry.delay(1));
        assertEquals(Duration.ofSeconds(20), retry.delay(2));
        assertEquals(Duration.ofSeconds(80), retry.delay(4));
        assertEquals(Duration.ofSeconds(2560), retry.delay(9));
        assertEquals(MAX, retry.delay(10));
        assertEquals(MAX, retry.delay(1000));
    }

    @Test
    void shouldCutAJitteredDelayToHalfOrMoreOfTheFullOne() {
        Retry retry = new Retry(INITIAL, MAX, 0, true);

        for (int i = 0; i < 100; i++) {
            Duration delay = retry.delay(2);
            assertTrue(delay.compareTo(Duration.ofSeconds(10)) >= 0 && delay.compareTo(Duration.ofSeconds(20)) <= 0, delay.toString());
        }
    }

    @Test
    void shouldGiveUpAtTheLastAttemptOnlyWhenAttemptsAreCounted() {
        assertTrue(new Retry(INITIAL, MAX, 20, false).exhausted(20));
        assertFalse(new Retry(INITIAL, MAX, 20, false).exhausted(19));
        assertFalse(new Retry(INITIAL, MAX, 0, true).exhausted(1000));
    }
}
