package dev.glossary.outbox;

import dev.glossary.outbox.OutboxQueue.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.IntUnaryOperator;
import org.jboss.logging.Logger;

/** The engine every outbox runs on: claim, send outside any transaction, record; see docs/architecture/outbox.md. */
@ApplicationScoped
public class Outbox {

    private static final Logger LOG = Logger.getLogger(Outbox.class);
    private static final int MAX_ERROR_LENGTH = 500;

    @Inject
    MeterRegistry registry;
    @Inject
    @Any
    Instance<OutboxQueue<?, ?>> queues;
    private volatile boolean stopping;

    @PreDestroy
    void stop() {
        stopping = true;
    }

    <T extends OutboxQueue.Claimed, R> int deliverDue(OutboxQueue<T, R> queue, IntUnaryOperator permits) {
        OutboxQueue.Settings settings = queue.settings();
        for (Outcome.Kind kind : Outcome.Kind.values()) {
            count(queue, settings, kind, 0); // every counter is scraped from the first run on
        }
        int abandoned = QuarkusTransaction.requiringNew().call(queue::recoverAbandoned);
        if (abandoned > 0) {
            LOG.warnf("%s: %d given up, their sender stopped mid-send and they may have gone", settings.name(), abandoned);
            count(queue, settings, Outcome.Kind.FAILED, abandoned);
        }
        int sent = 0;
        while (!stopping) {
            int granted = permits.applyAsInt(settings.batchSize());
            List<T> batch = granted == 0 ? List.of() : QuarkusTransaction.requiringNew().call(() -> queue.claim(granted));
            if (!batch.isEmpty()) {
                sent += send(queue, settings, batch);
            }
            if (granted < settings.batchSize() || batch.size() < granted) {
                break;
            }
        }
        QuarkusTransaction.requiringNew().run(queue::afterRun);
        return sent;
    }

    private <T extends OutboxQueue.Claimed, R> int send(OutboxQueue<T, R> queue, OutboxQueue.Settings settings,
            List<T> batch) {
        Semaphore inFlight = new Semaphore(Math.min(settings.concurrency(), batch.size()));
        List<CompletableFuture<R>> attempts = new ArrayList<>(batch.size());
        for (T item : batch) {
            CompletableFuture<R> attempt = null;
            if (!item.skipped()) {
                inFlight.acquireUninterruptibly();
                try {
                    attempt = queue.send(item).toCompletableFuture();
                } catch (RuntimeException e) {
                    attempt = CompletableFuture.failedFuture(e);
                }
                attempt = attempt.whenComplete((result, failure) -> inFlight.release());
            }
            attempts.add(attempt);
        }
        List<Outcome<T, R>> outcomes = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            outcomes.add(outcome(queue, settings, batch.get(i), attempts.get(i)));
            count(queue, settings, outcomes.get(i).kind(), 1);
        }
        QuarkusTransaction.requiringNew().run(() -> queue.record(outcomes));
        return (int) outcomes.stream().filter(outcome -> outcome.kind() == Outcome.Kind.SENT).count();
    }

    private static <T extends OutboxQueue.Claimed, R> Outcome<T, R> outcome(OutboxQueue<T, R> queue,
            OutboxQueue.Settings settings, T item, CompletableFuture<R> attempt) {
        if (attempt == null) {
            return new Outcome<>(item, Outcome.Kind.SKIPPED, null, null, null, null);
        }
        Throwable failure;
        try {
            return new Outcome<>(item, Outcome.Kind.SENT, attempt.get(), null, null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = e;
        } catch (ExecutionException e) {
            failure = e.getCause() instanceof CompletionException wrapped && wrapped.getCause() != null
                    ? wrapped.getCause() : e.getCause();
        }
        // The server's message may quote the address: it goes to the row, never to the log.
        String error = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        String kind = failure.getClass().getSimpleName();
        int attempts = item.attempts() + 1;
        if (queue.mayHaveArrived(failure)) {
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

    private void count(OutboxQueue<?, ?> queue, OutboxQueue.Settings settings, Outcome.Kind kind, int amount) {
        String tag = settings.metric() == null ? null : queue.tag(kind);
        if (tag != null) {
            Counter.builder(settings.metric()).tag("outcome", tag).description(settings.metricHelp()).register(registry)
                    .increment(amount);
        }
    }

    /** Runs a blocking send on Quarkus's worker pool, so that a batch goes out in parallel. */
    public static CompletionStage<Void> blocking(Runnable send) {
        return CompletableFuture.runAsync(send, Infrastructure.getDefaultWorkerPool());
    }

    @Scheduled(identity = "outbox-retention", every = "1H", delayed = "1M",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetOld() {
        for (OutboxQueue<?, ?> queue : queues) {
            try {
                QuarkusTransaction.requiringNew().call(queue::forgetOld);
            } catch (RuntimeException e) {
                LOG.warnf("%s: old rows not dropped, the next run tries again: %s", queue.settings().name(),
                        e.getClass().getSimpleName());
            }
        }
    }
}
