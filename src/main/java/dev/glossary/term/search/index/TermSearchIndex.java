package dev.glossary.term.search.index;

import dev.glossary.common.Page;
import dev.glossary.common.PageRequest;
import dev.glossary.term.ChangePublisher;
import dev.glossary.term.TermChangesHeard;
import dev.glossary.term.TermSummary;
import dev.glossary.term.TermsChanged;
import dev.glossary.web.ProblemException;
import dev.glossary.web.ProblemType;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.lucene.store.AlreadyClosedException;
import org.jboss.logging.Logger;

/**
 * Searches and type-ahead from this instance's Lucene index, built from the primary at start and kept in
 * step with the change feed: every change after the last seq applied, read on each feed NOTIFY, after each
 * own write, every {@code poll-every} while the listener is down and every {@code check-every} regardless.
 * One thread builds and applies (docs/architecture/term.md, "Search index").
 */
@ApplicationScoped
public class TermSearchIndex {

    private static final Logger LOG = Logger.getLogger(TermSearchIndex.class);
    /** Changes read per statement while catching up; terms handed to the indexing thread at once while building. */
    private static final int BATCH = 500;
    /** A writer answers once its own change is searchable here, or after this if catching up is slow. */
    private static final Duration OWN_WRITE_WAIT = Duration.ofSeconds(2);
    /** A search that arrives before the first build is done waits this long, then answers 503. */
    private static final Duration FIRST_BUILD_WAIT = Duration.ofSeconds(20);
    /** A search waits at most this long for a core before it is shed (a search takes a few ms). */
    private static final Duration LONGEST_TURN_WAIT = Duration.ofSeconds(1);
    private static final Duration BUILD_RETRY = Duration.ofSeconds(1);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int BUILD_BATCHES_IN_FLIGHT = 4;

    @ConfigMapping(prefix = "glossary.search-index")
    interface Config {

        /** Where each instance makes its own index folder; the folder is deleted when the instance stops. */
        @WithDefault("${java.io.tmpdir}")
        String directory();

        /** How often the feed is read while the change listener is not connected (a NOTIFY could be missed). */
        @WithDefault("250MS")
        Duration pollEvery();

        /** How often the feed is read while the listener is connected: a net under a NOTIFY lost on a link that looks alive. */
        @WithDefault("1S")
        Duration checkEvery();
    }

    /** The orders a search can be given in. */
    public enum Order { RELEVANCE, NAME, UPDATED_DESC }

    @Inject TermIndexRepository terms;
    @Inject ChangePublisher publisher;
    private final Config config;
    /** Builds and catch-ups run here, one at a time; searches never wait for it. */
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "term-search-index");
        thread.setDaemon(true);
        return thread;
    });
    private final SearchTurns turns = SearchTurns.perCore(LONGEST_TURN_WAIT);
    private final CompletableFuture<TermIndex> built = new CompletableFuture<>();
    private TermIndex index; // the worker's; searches take it from built
    /** The feed position applied; the worker's alone. */
    private long appliedSeq;
    private long lastReadNanos;
    private boolean behind;
    private volatile boolean listening;
    /** When the index last held every change it had read of (System.nanoTime); 0 until it is built. */
    private volatile long caughtUpNanos;
    /** A catch-up asked for and not started yet: later askers share it (guarded by this). */
    private CompletableFuture<Void> queued;

    TermSearchIndex(Config config) {
        this.config = config;
    }

    void start(@Observes StartupEvent event, MeterRegistry registry) {
        Gauge.builder("glossary.search.index.staleness.seconds", this, TermSearchIndex::stalenessSeconds)
                .description("Seconds since the search index last caught up with the change feed; +Inf until built")
                .register(registry);
        worker.execute(this::build);
        long poll = Math.max(1, config.pollEvery().toMillis());
        worker.scheduleWithFixedDelay(this::poll, poll, poll, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        synchronized (this) { // no catch-up is queued between the check in catchUpSoon and this
            worker.shutdownNow();
        }
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (index != null) {
            try {
                index.close();
            } catch (IOException e) {
                LOG.warnf("Search index folder not fully deleted: %s", e.getMessage());
            }
        }
    }

    /** From the listener's I/O thread: hand over and return. */
    void heard(@Observes TermChangesHeard heard) {
        listening = heard.listening();
        catchUpSoon();
    }

    /** The writing instance answers once its write is searchable here (bounded), as it drops its cached copies first. */
    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) TermsChanged change) {
        try {
            catchUpSoon().get(OWN_WRITE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.debugf("Own write not yet applied to the search index (%s); the next catch-up will", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the first build is done; from then on the index follows the feed. */
    public boolean ready() {
        return built.isDone();
    }

    public Page<TermSummary> search(String q, String initial, Collection<String> slugs, Order order, PageRequest page) {
        return inTurn(index -> index.search(q, initial, slugs, order, page));
    }

    public List<TermSummary> suggest(String q, int limit) {
        return inTurn(index -> index.suggest(q, limit));
    }

    /** Runs a read of the current index when a core is free (SearchTurns). */
    private <T> T inTurn(Function<TermIndex, T> read) {
        TermIndex index = index();
        return turns.run(() -> {
            try {
                return read.apply(index);
            } catch (AlreadyClosedException e) {
                throw stopping();
            }
        });
    }

    /** A search that arrives after the index closed at shutdown (the HTTP server may still answer a few). */
    private static ProblemException stopping() {
        return new ProblemException(ProblemType.SERVICE_UNAVAILABLE, "This instance is stopping; retry");
    }

    /** Documents in the index, for readiness. */
    int size() {
        return built.isDone() ? built.join().size() : 0;
    }

    private TermIndex index() {
        try {
            return built.get(FIRST_BUILD_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new ProblemException(ProblemType.SERVICE_UNAVAILABLE, "The search index is being built; retry later");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(ProblemType.SERVICE_UNAVAILABLE, "Interrupted while the search index is built");
        }
    }

    /** Runs after every catch-up asked for before it started: each asker sees its change applied. */
    private synchronized CompletableFuture<Void> catchUpSoon() {
        if (worker.isShutdown()) {
            return CompletableFuture.completedFuture(null); // stopping: a write or NOTIFY heard now changes nothing here
        }
        if (queued == null) {
            CompletableFuture<Void> next = new CompletableFuture<>();
            queued = next;
            worker.execute(() -> {
                synchronized (this) {
                    queued = null;
                }
                try {
                    catchUp();
                    next.complete(null);
                } catch (RuntimeException | IOException e) {
                    next.completeExceptionally(e);
                }
            });
        }
        return queued;
    }

    /** Every change after the last one applied, then one refresh; retried by the next poll when it fails. */
    private void catchUp() throws IOException {
        if (index == null) {
            return; // the build reads everything
        }
        lastReadNanos = System.nanoTime();
        behind = true;
        boolean applied = false;
        List<TermIndexRepository.Change> changes;
        do {
            long after = appliedSeq;
            changes = QuarkusTransaction.requiringNew().call(() -> {
                publisher.publishCommitted();
                return terms.changesAfter(after, BATCH);
            });
            for (TermIndexRepository.Change change : changes) {
                if (change.term() == null) {
                    index.delete(change.termId());
                } else {
                    index.upsert(change.term());
                }
                appliedSeq = change.seq();
                applied = true;
            }
        } while (changes.size() == BATCH);
        if (applied) {
            index.refresh();
        }
        behind = false;
        caughtUpNanos = System.nanoTime();
    }

    private double stalenessSeconds() {
        long at = caughtUpNanos;
        return at == 0 ? Double.POSITIVE_INFINITY : (System.nanoTime() - at) / 1e9;
    }

    private void poll() {
        long sinceRead = System.nanoTime() - lastReadNanos;
        if (index != null && (behind || !listening || sinceRead >= config.checkEvery().toNanos())) {
            try {
                catchUp();
            } catch (RuntimeException | IOException e) {
                LOG.debugf("Search index cannot read the change feed (%s); retrying", e.toString());
            }
        }
    }

    /** At start: everything the primary holds, from a feed position no later than what it reads; retried until it works. */
    private void build() {
        long started = System.nanoTime();
        long cpuBefore = THREADS.getCurrentThreadCpuTime();
        TermIndex fresh = null;
        Thread[] adderThread = new Thread[1];
        ExecutorService adder = Executors.newSingleThreadExecutor(task -> {
            adderThread[0] = new Thread(task, "term-search-index-build");
            adderThread[0].setDaemon(true);
            return adderThread[0];
        });
        try {
            fresh = new TermIndex(Path.of(config.directory()));
            TermIndex filling = fresh;
            appliedSeq = QuarkusTransaction.requiringNew().timeout(600).call(() -> {
                publisher.publishCommitted();
                long seq = terms.lastSeq();
                fill(filling, adder);
                return seq;
            });
            fresh.refresh();
            fresh.warm();
            index = fresh;
            lastReadNanos = System.nanoTime();
            // CPU time too: on a busy machine the wall time says more about the neighbours than about the build.
            long cpu = THREADS.getCurrentThreadCpuTime() - cpuBefore + THREADS.getThreadCpuTime(adderThread[0].getId());
            LOG.infof("Search index built: %d terms in %d ms (%d ms CPU on its two threads)", fresh.size(),
                    (System.nanoTime() - started) / 1_000_000, cpu / 1_000_000);
            built.complete(fresh);
            fresh.mergeInBackground();
            behind = true; // what committed during the build: the next poll applies it
        } catch (RuntimeException | IOException e) {
            LOG.warnf("Search index not built (%s); retrying in %d s", e.toString(), BUILD_RETRY.toSeconds());
            closeQuietly(fresh);
            index = null;
            if (!built.isDone()) {
                worker.schedule(this::build, BUILD_RETRY.toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            adder.shutdownNow();
        }
    }

    /**
     * Streams every term into the index: this thread reads rows while another analyses and adds the
     * previous batches, so waiting for PostgreSQL and indexing overlap (a few batches in flight at most).
     */
    private void fill(TermIndex index, ExecutorService adder) {
        Semaphore room = new Semaphore(BUILD_BATCHES_IN_FLIGHT);
        AtomicReference<CompletableFuture<Void>> added = new AtomicReference<>(CompletableFuture.completedFuture(null));
        List<IndexedTerm> batch = new ArrayList<>(BATCH);
        Runnable handOver = () -> {
            List<IndexedTerm> full = List.copyOf(batch);
            batch.clear();
            room.acquireUninterruptibly();
            CompletableFuture<Void> step = added.get().thenRunAsync(() -> addAll(index, full), adder);
            step.whenComplete((done, failure) -> room.release()); // a failed step fails every later one at once
            added.set(step);
        };
        terms.eachTerm(term -> {
            if (added.get().isCompletedExceptionally()) {
                added.get().join(); // stop reading: throws the indexing failure
            }
            batch.add(term);
            if (batch.size() == BATCH) {
                handOver.run();
            }
        });
        handOver.run();
        added.get().join();
    }

    private static void addAll(TermIndex index, List<IndexedTerm> terms) {
        try {
            for (IndexedTerm term : terms) {
                index.add(term);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closeQuietly(TermIndex index) {
        if (index != null) {
            try {
                index.close();
            } catch (IOException e) {
                LOG.debugf("Unfinished search index not deleted: %s", e.getMessage());
            }
        }
    }
}
