package dev.glossary.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.persistence.Query;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntUnaryOperator;
import org.jboss.logging.Logger;

/** One outbox, and the engine it runs on: claim, send outside any transaction, record; see docs/architecture/outbox.md. */
public abstract class OutboxQueue<T extends OutboxQueue.Claimed, R> {

    private static final Logger LOG = Logger.getLogger(Outbox.class);
    private static final int MAX_ERROR_LENGTH = 500;

    @Inject MeterRegistry registry;
    private final Map<Outcome.Kind, Counter> counters = new ConcurrentHashMap<>();
    private volatile boolean stopping;
    /** When a run last left nothing due behind (System.nanoTime); see deliverDue. */
    private volatile long drainedNanos = System.nanoTime();
    private volatile boolean backlogGaugeRegistered;

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

    @PreDestroy
    void stopSending() {
        stopping = true;
    }

    protected boolean stopping() {
        return stopping;
    }

    /** Sends what is due, batch after batch; returns how many were sent. */
    public int deliverDue() {
        return deliverDue(wanted -> wanted);
    }

    /** As {@link #deliverDue()}, claiming only what {@code permits} grants of those wanted (a rate cap). */
    protected final int deliverDue(IntUnaryOperator permits) {
        Settings settings = settings();
        for (Outcome.Kind kind : Outcome.Kind.values()) {
            count(settings, kind, 0); // every counter is scraped from the first run on
        }
        if (!backlogGaugeRegistered) { // once: Micrometer warns about a gauge registered again
            Gauge.builder("glossary.outbox.backlog.age.seconds", this, OutboxQueue::backlogAgeSeconds)
                    .tag("queue", settings.name())
                    .description("Seconds since the queue last left nothing due behind: an upper bound on its oldest due row's wait")
                    .register(registry);
            backlogGaugeRegistered = true;
        }
        int abandoned = QuarkusTransaction.requiringNew().call(this::recoverAbandoned);
        if (abandoned > 0) {
            LOG.warnf("%s: %d given up, their sender stopped mid-send and they may have gone", settings.name(), abandoned);
            count(settings, Outcome.Kind.FAILED, abandoned);
        }
        // The next batch is claimed and started while the last one's sends finish; a batch is
        // recorded once the next is under way, so the SMTP sessions are not idle while SQL runs.
        Sessions sessions = new Sessions(settings.concurrency());
        int sent = 0;
        Dispatched<T, R> previous = null;
        try {
            while (!stopping) {
                int granted = permits.applyAsInt(settings.batchSize());
                List<T> batch = granted == 0 ? List.of() : QuarkusTransaction.requiringNew().call(() -> claim(granted));
                Dispatched<T, R> current = batch.isEmpty() ? null : dispatch(batch, sessions);
                if (previous != null) {
                    sent += finish(settings, previous);
                }
                previous = current;
                // Drained: the claim came back short, or nothing was granted (a rate-capped queue grants
                // nothing when nothing is due, or when its cap is used up: throttled, not stuck).
                if (batch.size() < granted || granted == 0) {
                    drainedNanos = System.nanoTime();
                    break;
                }
                if (granted < settings.batchSize()) {
                    break;
                }
            }
        } finally {
            if (previous != null) {
                sent += finish(settings, previous); // a failed claim must not leave a sent batch unrecorded
            }
        }
        QuarkusTransaction.requiringNew().run(this::afterRun);
        return sent;
    }

    private double backlogAgeSeconds() {
        return (System.nanoTime() - drainedNanos) / 1e9;
    }

    /** The body of each queue's @Scheduled method: a failed run is logged, and the next goes on. */
    protected void runScheduled() {
        try {
            deliverDue(); // the queue's own, with its rate cap
        } catch (RuntimeException e) {
            LOG.warnf("%s run stopped, the next run goes on: %s", settings().name(), e.getClass().getSimpleName());
        }
    }

    /** A claimed batch whose sends have started; {@code attempts} holds null for a skipped item. */
    private record Dispatched<T, R>(List<T> batch, List<CompletableFuture<R>> attempts) {
    }

    /** Queues the batch's sends on {@code sessions}, which starts them as sessions come free; returns at once. */
    private Dispatched<T, R> dispatch(List<T> batch, Sessions sessions) {
        List<CompletableFuture<R>> attempts = new ArrayList<>(batch.size());
        for (T item : batch) {
            CompletableFuture<R> attempt = null;
            if (!item.skipped()) {
                CompletableFuture<R> result = new CompletableFuture<>();
                sessions.start(() -> {
                    CompletableFuture<R> started;
                    try {
                        started = send(item).toCompletableFuture();
                    } catch (RuntimeException e) {
                        started = CompletableFuture.failedFuture(e);
                    }
                    started.whenComplete((value, failure) -> {
                        sessions.finished();
                        if (failure == null) {
                            result.complete(value);
                        } else {
                            result.completeExceptionally(failure);
                        }
                    });
                });
                attempt = result;
            }
            attempts.add(attempt);
        }
        return new Dispatched<>(batch, attempts);
    }

    /**
     * At most {@code limit} sends at once. A send that ends starts the next waiting one on the
     * thread it ended on (an I/O thread for the mailer), so a busy session gets its next mail with no
     * hand-off to the sending loop's thread and back.
     */
    private static final class Sessions {
        private final int limit;
        private final Queue<Runnable> waiting = new ArrayDeque<>();
        private int busy;

        Sessions(int limit) {
            this.limit = limit;
        }

        void start(Runnable send) {
            synchronized (this) {
                if (busy >= limit) {
                    waiting.add(send);
                    return;
                }
                busy++;
            }
            send.run();
        }

        void finished() {
            Runnable next;
            synchronized (this) {
                next = waiting.poll();
                if (next == null) {
                    busy--;
                }
            }
            if (next != null) {
                next.run();
            }
        }
    }

    /** Waits for the batch's sends and records their outcomes; returns how many were sent. */
    private int finish(Settings settings, Dispatched<T, R> dispatched) {
        List<T> batch = dispatched.batch();
        List<Outcome<T, R>> outcomes = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            outcomes.add(outcome(settings, batch.get(i), dispatched.attempts().get(i)));
            count(settings, outcomes.get(i).kind(), 1);
        }
        QuarkusTransaction.requiringNew().run(() -> record(outcomes));
        return (int) outcomes.stream().filter(outcome -> outcome.kind() == Outcome.Kind.SENT).count();
    }

    private Outcome<T, R> outcome(Settings settings, T item, CompletableFuture<R> attempt) {
        if (attempt == null) {
            return new Outcome<>(item, Outcome.Kind.SKIPPED, null, null, null, null);
        }
        Throwable failure;
        try {
            return new Outcome<>(item, Outcome.Kind.SENT, attempt.join(), null, null, null);
        } catch (CompletionException e) {
            failure = e.getCause() instanceof CompletionException wrapped && wrapped.getCause() != null
                    ? wrapped.getCause() : e.getCause();
        }
        // The server's message may quote the address: it goes to the row, never to the log.
        String error = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        String kind = failure.getClass().getSimpleName();
        int attempts = item.attempts() + 1;
        if (mayHaveArrived(failure)) {
            LOG.warnf("%s %d given up: it may have arrived (%s)", settings.name(), item.id(), kind);
            return new Outcome<>(item, Outcome.Kind.FAILED, null, failure, truncate("outcome unknown, not resent: " + error), null);
        }
        if (settings.retry().exhausted(attempts)) {
            LOG.errorf("%s %d given up after %d attempts (%s)", settings.name(), item.id(), attempts, kind);
            return new Outcome<>(item, Outcome.Kind.FAILED, null, failure, truncate(error), null);
        }
        return new Outcome<>(item, Outcome.Kind.RETRIED, null, failure, truncate(error), settings.retry().delay(attempts));
    }

    private static String truncate(String error) {
        return error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error;
    }

    private void count(Settings settings, Outcome.Kind kind, int amount) {
        String tag = settings.metric() == null ? null : tag(kind);
        if (tag != null) {
            // Looked up once: registering on every call cost a builder and a registry lookup per item.
            counters.computeIfAbsent(kind, unused -> Counter.builder(settings.metric()).tag("outcome", tag)
                    .description(settings.metricHelp()).register(registry)).increment(amount);
        }
    }

    /** Runs a blocking send on Quarkus's worker pool, so that a batch goes out in parallel. */
    protected static CompletionStage<Void> blocking(Runnable send) {
        return CompletableFuture.runAsync(send, Infrastructure.getDefaultWorkerPool());
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
