package dev.glossary.outbox;

import java.time.Duration;
import java.util.List;

/** What became of one claimed item: the queue records it. {@code result} is set when sent, {@code failure} when not. */
public record Outcome<T extends OutboxQueue.Claimed, R>(T item, Kind kind, R result, Throwable failure, String error,
        Duration delay) {

    public enum Kind { SENT, RETRIED, FAILED, SKIPPED }

    /** The row's state after it: the states every outbox table shares. */
    public String state() {
        return switch (kind) {
            case SENT -> "sent";
            case RETRIED -> "queued";
            case FAILED -> "failed";
            case SKIPPED -> "cancelled";
        };
    }

    // Columns of a batch, as arrays for one UPDATE ... FROM unnest(...) per batch.

    public static Long[] ids(List<? extends Outcome<?, ?>> outcomes) {
        return outcomes.stream().map(o -> o.item().id()).toArray(Long[]::new);
    }

    public static String[] states(List<? extends Outcome<?, ?>> outcomes) {
        return outcomes.stream().map(Outcome::state).toArray(String[]::new);
    }

    public static String[] errors(List<? extends Outcome<?, ?>> outcomes) {
        return outcomes.stream().map(Outcome::error).toArray(String[]::new);
    }

    /** Seconds to wait before the next attempt; 0 when there is none. */
    public static Double[] delays(List<? extends Outcome<?, ?>> outcomes) {
        return outcomes.stream().map(o -> o.delay() == null ? 0.0 : o.delay().toMillis() / 1000.0).toArray(Double[]::new);
    }
}
