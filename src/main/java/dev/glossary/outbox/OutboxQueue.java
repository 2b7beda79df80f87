package dev.glossary.outbox;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;

/** One outbox as the {@link Outbox} engine drives it: the queue owns its table and its send step. */
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

    /** Its name for logs; rows per claim; sends in flight at once; the counter of outcomes (tagged outcome), or null. */
    record Settings(String name, int batchSize, int concurrency, Retry retry, String metric, String metricHelp) {
    }

    Settings settings();

    /** The claim every table with (state, next_attempt_at) shares: its oldest due rows no other sender holds. */
    static String dueRows(String table) {
        return "SELECT id FROM " + table + " WHERE state = 'queued' AND next_attempt_at <= now()"
                + " ORDER BY next_attempt_at, id LIMIT :limit FOR UPDATE SKIP LOCKED";
    }

    /** Claims up to {@code limit} due rows, FOR UPDATE SKIP LOCKED, with a claim (state or lease) that outlives the commit. */
    List<T> claim(int limit);

    /** Starts sending one item; completes with what to record, or fails. */
    CompletionStage<R> send(T item);

    /** Records one batch's outcomes. */
    void record(List<Outcome<T, R>> outcomes);

    /** At-most-once queues answer true where a failed send may still have arrived: given up, never resent. */
    default boolean mayHaveArrived(Throwable failure) {
        return false;
    }

    /** Before a run: gives up what a dead sender left mid-send; returns how many (counted as failed). */
    default int recoverAbandoned() {
        return 0;
    }

    default void afterRun() {
    }

    /** Drops finished rows past retention, hourly; returns how many. */
    default int forgetOld() {
        return 0;
    }

    /** The tag an outcome is counted under; null: not counted. */
    default String tag(Outcome.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
