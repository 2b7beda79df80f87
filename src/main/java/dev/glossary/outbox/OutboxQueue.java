package dev.glossary.outbox;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * One outbox, as the {@link Outbox} engine drives it: the queue owns its table and its send step;
 * the engine owns the loop, transactions, retries, give-up, metrics and retention.
 */
public interface OutboxQueue<T extends OutboxQueue.Claimed, R> {

    /** A claimed row: its id and the attempts made before this one. */
    interface Claimed {
        long id();

        int attempts();

        /** Claimed only to be dropped (its reader is gone): recorded as skipped, never sent. */
        default boolean skipped() {
            return false;
        }
    }

    /** For logs. */
    String name();

    /**
     * Claims up to {@code limit} due rows in the engine's transaction; FOR UPDATE SKIP LOCKED, and
     * the claim outlives the commit (a state or a lease), so replicas never take the same row.
     */
    List<T> claim(int limit);

    /** Starts sending one item; completes with what to record, or fails. */
    CompletionStage<R> send(T item);

    /** Records one batch's outcomes, in the engine's transaction. */
    void record(List<Outcome<T, R>> outcomes);

    Retry retry();

    /** Rows one claim takes at most. */
    int batchSize();

    /** Sends in flight at once. */
    default int concurrency() {
        return Integer.MAX_VALUE;
    }

    /** At-most-once queues answer true where a failed send may still have arrived: given up, never resent. */
    default boolean mayHaveArrived(Throwable failure) {
        return false;
    }

    /** Before a run: gives up what a dead sender left mid-send; returns how many (counted as failed). */
    default int recoverAbandoned() {
        return 0;
    }

    /** After a run, in a transaction. */
    default void afterRun() {
    }

    /** Drops finished rows past retention; returns how many. Runs hourly. */
    default int forgetOld() {
        return 0;
    }

    /** The counter of outcomes, tagged {@code outcome}; null for none. */
    default String metric() {
        return null;
    }

    default String metricHelp() {
        return null;
    }

    /** The tag an outcome is counted under, null for uncounted. */
    default String tag(Outcome.Kind kind) {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
