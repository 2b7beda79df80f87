package dev.glossary.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for what a test expects to become true, polling; fails naming what it waited for. */
public final class Eventually {

    private Eventually() {
    }

    public static void await(BooleanSupplier condition, Duration patience, String what) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Waited " + patience.toMillis() + " ms for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
