package dev.glossary.outbox;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Back-off: initial, 2 x initial, 4 x initial ... up to max, jittered to 50-100 % so returning receivers
 * are not stampeded; given up after {@code maxAttempts} (0: by the queue's own rule).
 */
public record Retry(Duration initial, Duration max, int maxAttempts, boolean jitter) {

    public Duration delay(int attempts) {
        Duration delay = initial.multipliedBy(1L << Math.min(attempts - 1, 30));
        delay = delay.compareTo(max) > 0 ? max : delay;
        return jitter ? Duration.ofMillis((long) (delay.toMillis() * ThreadLocalRandom.current().nextDouble(0.5, 1.0)))
                : delay;
    }

    boolean exhausted(int attempts) {
        return maxAttempts > 0 && attempts >= maxAttempts;
    }
}
