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
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
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
        // The next batch is claimed and started while the last one's sends finish, so the SMTP
        // sessions are not idle while SQL runs. Outcomes are recorded as they come in, a group of them
        // per transaction at most every recordEvery(): a crash forgets only what arrived since the last
        // commit, not whole batches.
        Sessions sessions = new Sessions(settings.concurrency());
        Recorder recorder = new Recorder(settings);
        try {
            while (!stopping) {
                recorder.awaitUnfinishedAtMost(settings.batchSize());
                int granted = permits.applyAsInt(settings.batchSize());
                List<T> batch = granted == 0 ? List.of() : QuarkusTransaction.requiringNew().call(() -> claim(granted));
                dispatch(settings, batch, sessions, recorder);
                // Drained: the claim came back short, or nothing was granted (a rate-capped queue grants
                // nothing when nothing is due, or when its cap is used up: throttled, not stuck).
                if (batch.size() < granted || granted == 0) {
                    drainedNanos = System.nanoTime();
                    break;
                }
                // A short grant is the cap, not the end: the next take waits for the refill. Ending the
                // run here left the bucket (one second's worth) to overflow until the next run, 5 % under.
            }
        } finally {
            recorder.awaitAllRecorded(); // a failed claim must not leave a sent batch unrecorded
        }
        QuarkusTransaction.requiringNew().run(this::afterRun);
        return recorder.sent();
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

    /** Queues the batch's sends on {@code sessions}, which starts them as sessions come free; returns at once. */
    private void dispatch(Settings settings, List<T> batch, Sessions sessions, Recorder recorder) {
        for (T item : batch) {
            if (item.skipped()) {
                recorder.add(new Outcome<>(item, Outcome.Kind.SKIPPED, null, null, null, null));
                continue;
            }
            recorder.dispatched();
            sessions.start(() -> {
                CompletableFuture<R> started;
                try {
                    started = send(item).toCompletableFuture();
                } catch (RuntimeException e) {
                    started = CompletableFuture.failedFuture(e);
                }
                started.whenComplete((value, failure) -> {
                    sessions.finished();
                    recorder.completed(outcome(settings, item, value, failure));
                });
            });
        }
    }

    /**
     * Outcomes waiting to be recorded. The first one to arrive schedules a flush recordEvery() later
     * on a worker thread; the flush records everything that arrived by then in one transaction (a
     * group commit), so the database sees one transaction per interval, not one per mail.
     */
    private final class Recorder {
        private final Settings settings;
        private final Executor later;
        private final Object flushLock = new Object();
        /** Guarded by this, as the counts are (each outcome takes this lock anyway); the flush swaps it out whole. */
        private List<Outcome<T, R>> pending = new ArrayList<>();
        private boolean flushScheduled; // guarded by this
        private int unfinished; // dispatched, not yet completed; guarded by this
        private int unrecorded; // dispatched or skipped, not yet recorded; guarded by this
        private int sent; // guarded by this
        /**
         * The sending loop waits until unfinished is at most this (-1: it does not wait for that);
         * guarded by this. Waking it on every completion cost a context switch and a contended
         * monitor per mail, a sixth of a send's CPU (JFR, bench/README.md, issue 24 round 4).
         */
        private int wakeAtUnfinished = -1;

        Recorder(Settings settings) {
            this.settings = settings;
            this.later = CompletableFuture.delayedExecutor(recordEvery().toMillis(), TimeUnit.MILLISECONDS,
                    Infrastructure.getDefaultWorkerPool());
        }

        synchronized void dispatched() {
            unfinished++;
            unrecorded++;
        }

        void add(Outcome<T, R> outcome) {
            boolean schedule;
            synchronized (this) {
                unrecorded++;
                schedule = enqueue(outcome);
            }
            if (schedule) {
                later.execute(this::scheduledFlush);
            }
        }

        void completed(Outcome<T, R> outcome) {
            boolean schedule;
            synchronized (this) {
                unfinished--;
                if (unfinished <= wakeAtUnfinished) {
                    notifyAll();
                }
                schedule = enqueue(outcome);
            }
            if (schedule) {
                later.execute(this::scheduledFlush);
            }
        }

        /** Under this: adds the outcome; true when the caller is to schedule a flush. */
        private boolean enqueue(Outcome<T, R> outcome) {
            pending.add(outcome);
            boolean schedule = !flushScheduled;
            flushScheduled = true;
            return schedule;
        }

        private void scheduledFlush() {
            boolean recorded = false;
            try {
                flush();
                recorded = true;
            } catch (RuntimeException e) {
                // Put back by flush; the next outcome, or the end of the run, tries again.
                LOG.warnf("%s: recording outcomes failed, tried again later: %s", settings.name(),
                        e.getClass().getSimpleName());
            } finally {
                boolean again;
                synchronized (this) {
                    again = recorded && !pending.isEmpty();
                    flushScheduled = again;
                }
                if (again) {
                    later.execute(this::scheduledFlush);
                }
            }
        }

        /** Records what is pending in one transaction; one flush at a time. */
        private void flush() {
            synchronized (flushLock) {
                List<Outcome<T, R>> outcomes;
                synchronized (this) {
                    outcomes = pending;
                    if (outcomes.isEmpty()) {
                        return;
                    }
                    pending = new ArrayList<>(outcomes.size());
                }
                try {
                    QuarkusTransaction.requiringNew().run(() -> record(outcomes));
                } catch (RuntimeException e) {
                    synchronized (this) {
                        pending.addAll(outcomes);
                    }
                    throw e;
                }
                int sentNow = 0;
                for (Outcome<T, R> outcome : outcomes) {
                    count(settings, outcome.kind(), 1);
                    sentNow += outcome.kind() == Outcome.Kind.SENT ? 1 : 0;
                }
                synchronized (this) {
                    unrecorded -= outcomes.size();
                    sent += sentNow;
                    notifyAll();
                }
            }
        }

        synchronized void awaitUnfinishedAtMost(int limit) {
            try {
                while (unfinished > limit) {
                    wakeAtUnfinished = limit;
                    waitInterruptibly();
                }
            } finally {
                wakeAtUnfinished = -1;
            }
        }

        /** Waits for every send of the run to end and be recorded; records the rest itself once all have ended. */
        void awaitAllRecorded() {
            while (true) {
                synchronized (this) {
                    if (unrecorded == 0) {
                        return;
                    }
                    if (unfinished > 0) {
                        wakeAtUnfinished = 0;
                        try {
                            waitInterruptibly();
                        } finally {
                            wakeAtUnfinished = -1;
                        }
                        continue;
                    }
                }
                flush(); // every send has ended: no reason to wait for the interval; a failure ends the run
                synchronized (this) {
                    if (unrecorded > 0 && pending.isEmpty()) {
                        waitInterruptibly(); // a scheduled flush holds the rest: it ends soon
                    }
                }
            }
        }

        synchronized int sent() {
            return sent;
        }

        private void waitInterruptibly() {
            try {
                wait(recordEvery().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while sending", e);
            }
        }
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

    private Outcome<T, R> outcome(Settings settings, T item, R value, Throwable thrown) {
        if (thrown == null) {
            return new Outcome<>(item, Outcome.Kind.SENT, value, null, null, null);
        }
        Throwable failure = thrown instanceof CompletionException wrapped && wrapped.getCause() != null
                ? wrapped.getCause() : thrown;
        // The server's message may quote the address: it goes to the row, never to the log.
        String error = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        String kind = failure.getClass().getSimpleName();
        int attempts = item.attempts() + 1;
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

    /** Before a run: takes back what a dead sender left mid-send; returns how many were given up (counted as failed). */
    protected int recoverAbandoned() {
        return 0;
    }

    protected void afterRun() {
    }

    /** How long an outcome may wait to be recorded with others; what a crash can forget. */
    protected Duration recordEvery() {
        return Duration.ofMillis(50);
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
