package dev.glossary.outbox;

import jakarta.inject.Inject;
import jakarta.persistence.Query;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntUnaryOperator;
import org.jboss.logging.Logger;

/** One outbox as the {@link Outbox} engine drives it: the queue owns its table and its send step. */
public abstract class OutboxQueue<T extends OutboxQueue.Claimed, R> {

    @Inject
    Outbox engine;

    /** A claimed row: its id, the attempts made before this one, and whether it is only to be dropped (skipped). */
    public interface Claimed {
        long id();

        int attempts();

        default boolean skipped() {
            return false;
        }
    }

    /** Its name for logs; rows per claim; sends in flight at once; the counter of outcomes (tagged outcome), or null. */
    public record Settings(String name, int batchSize, int concurrency, Retry retry, String metric, String metricHelp) {
    }

    /** Back-off doubling from initial up to max, jittered to 50-100 %; given up after maxAttempts (0: the queue's rule). */
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

    /** What became of one claimed item. {@code result} is set when sent, {@code failure} when not. */
    public record Outcome<T extends Claimed, R>(T item, Kind kind, R result, Throwable failure, String error,
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

        /** Binds :ids, :states, :errors and :delays (seconds, 0 for none) for one UPDATE ... FROM unnest(...) per batch. */
        public static Query bind(Query update, List<? extends Outcome<?, ?>> outcomes) {
            return update.setParameter("ids", outcomes.stream().map(o -> o.item().id()).toArray(Long[]::new))
                    .setParameter("states", outcomes.stream().map(Outcome::state).toArray(String[]::new))
                    .setParameter("errors", outcomes.stream().map(Outcome::error).toArray(String[]::new))
                    .setParameter("delays", outcomes.stream()
                            .map(o -> o.delay() == null ? 0.0 : o.delay().toMillis() / 1000.0).toArray(Double[]::new));
        }
    }

    /** The claim every table with (state, next_attempt_at) shares: its oldest due rows no other sender holds. */
    public static String dueRows(String table) {
        return "SELECT id FROM " + table + " WHERE state = 'queued' AND next_attempt_at <= now()"
                + " ORDER BY next_attempt_at, id LIMIT :limit FOR UPDATE SKIP LOCKED";
    }

    /** Sends what is due, batch after batch; returns how many were sent. */
    public int deliverDue() {
        return deliverDue(wanted -> wanted);
    }

    /** As {@link #deliverDue()}, claiming only what {@code permits} grants of those wanted (a rate cap). */
    protected final int deliverDue(IntUnaryOperator permits) {
        return engine.deliverDue(this, permits);
    }

    /** The body of each queue's @Scheduled method: a failed run is logged, and the next goes on. */
    protected void runScheduled() {
        try {
            deliverDue(); // the queue's own, with its rate cap
        } catch (RuntimeException e) {
            Logger.getLogger(Outbox.class).warnf("%s run stopped, the next run goes on: %s", settings().name(),
                    e.getClass().getSimpleName());
        }
    }

    public abstract Settings settings();

    /** Claims up to {@code limit} due rows, FOR UPDATE SKIP LOCKED, with a claim (state or lease) that outlives the commit. */
    protected abstract List<T> claim(int limit);

    /** Starts sending one item; completes with what to record, or fails. */
    protected abstract CompletionStage<R> send(T item);

    /** Records one batch, in one statement. */
    protected abstract void record(List<Outcome<T, R>> outcomes);

    /** At-most-once queues answer true where a failed send may still have arrived: given up, never resent. */
    protected boolean mayHaveArrived(Throwable failure) {
        return false;
    }

    /** Before a run: gives up what a dead sender left mid-send; returns how many (counted as failed). */
    protected int recoverAbandoned() {
        return 0;
    }

    protected void afterRun() {
    }

    /** Drops finished rows past retention, hourly; returns how many. */
    protected int forgetOld() {
        return 0;
    }

    /** The tag an outcome is counted under; null: not counted. */
    protected String tag(Outcome.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
