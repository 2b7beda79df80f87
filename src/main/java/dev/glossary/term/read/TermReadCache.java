package dev.glossary.term.read;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.glossary.common.Page;
import dev.glossary.term.SlugLookup;
import dev.glossary.term.TermCacheConfig;
import dev.glossary.term.TermDocument;
import dev.glossary.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** Term reads kept in memory; concurrent misses of a key load once (docs/architecture/term.md). */
@ApplicationScoped
public class TermReadCache {

    /** A key whose answer depends on every term, not on one slug. */
    public interface ListingKey {
    }

    /** A key whose answer depends on one slug (as asked for), so that a write can drop just it. */
    interface SlugKey {
        String slug();
    }

    /** A term document (or alias redirect) by the slug asked for, in one representation. */
    record DocumentKey(String slug, TermRepresentation representation) implements SlugKey {
    }

    private record Listing(long generation, ListingKey key) {
    }

    /** Rough heap bytes of an entry, and of a summary's slug, name and short definition with their objects. */
    static final int ENTRY_WEIGHT = 200;
    static final int SUMMARY_WEIGHT = 700;

    private final Cache<Object, CompletableFuture<Object>> answers;
    private final boolean enabled;
    private final AtomicLong listingGeneration = new AtomicLong();
    /** False while changes could be missed (no listener connection): then nothing is cached. */
    private volatile boolean trusted;

    TermReadCache(TermCacheConfig config) {
        this.enabled = config.enabled();
        this.answers = Caffeine.newBuilder()
                .maximumWeight(config.maxMemory().asLongValue())
                .weigher((Object key, CompletableFuture<Object> answer) -> weigh(answer))
                .build();
    }

    /** The answer for a slug's key (a record naming the read and the slug), loaded once on a miss. */
    public <T> T get(SlugKey key, Supplier<T> loader) {
        return load(key, loader);
    }

    /** As {@link #get(SlugKey, Supplier)}, for a loader that does not block (it answers a stage). */
    @SuppressWarnings("unchecked")
    public <T> CompletionStage<T> getAsync(SlugKey key, Supplier<CompletionStage<T>> loader) {
        if (!active()) {
            return loader.get();
        }
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> existing = answers.asMap().putIfAbsent(key, mine);
        if (existing != null) {
            return (CompletionStage<T>) existing;
        }
        loader.get().whenComplete((loaded, failure) -> settle(key, mine, loaded, failure));
        return (CompletionStage<T>) (CompletionStage<?>) mine;
    }

    /** The answer for a listing, loaded once on a miss and dropped by any write. */
    public <T> T get(ListingKey key, Supplier<T> loader) {
        return load(new Listing(listingGeneration.get(), key), loader);
    }

    /** The answer if it is in memory, loaded and may be served, without loading anything. */
    @SuppressWarnings("unchecked")
    public <T> T peek(SlugKey key) {
        if (!active()) {
            return null;
        }
        CompletableFuture<Object> future = answers.getIfPresent(key);
        return future != null && future.isDone() && !future.isCompletedExceptionally() ? (T) future.join() : null;
    }

    /** Drops what is cached for these slugs (null: for every slug) and every listing. */
    public void invalidate(Collection<String> slugs) {
        if (slugs == null) {
            invalidateAll();
            return;
        }
        listingGeneration.incrementAndGet();
        answers.asMap().keySet().removeIf(key -> key instanceof Listing
                || key instanceof SlugKey slugKey && slugs.contains(slugKey.slug()));
    }

    private void invalidateAll() {
        listingGeneration.incrementAndGet();
        answers.invalidateAll();
    }

    /** Called by the change listener: cache only while it is sure to hear of every change. */
    public void trust(boolean listening) {
        invalidateAll();
        this.trusted = listening;
    }

    /** Whether reads are being served from memory right now. */
    public boolean active() {
        return enabled && trusted;
    }

    @SuppressWarnings("unchecked")
    private <T> T load(Object key, Supplier<T> loader) {
        if (!active()) {
            return loader.get();
        }
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> existing = answers.asMap().putIfAbsent(key, mine);
        if (existing != null) {
            return (T) awaitShared(existing, loader);
        }
        try {
            T loaded = loader.get();
            settle(key, mine, loaded, null);
            return loaded;
        } catch (RuntimeException | Error e) {
            settle(key, mine, null, e);
            throw e;
        }
    }

    /** Failures (an unknown slug, an outage) are not cached, waiters see them; an answer is weighed again, now at its size. */
    private void settle(Object key, CompletableFuture<Object> mine, Object loaded, Throwable failure) {
        if (failure != null) {
            answers.asMap().remove(key, mine);
            mine.completeExceptionally(failure);
        } else {
            mine.complete(loaded);
            answers.asMap().replace(key, mine, mine);
        }
    }

    /** The shared load's answer; if it failed for a reason of its own (not an answer like 404), a load of our own. */
    private static <T> Object awaitShared(CompletableFuture<Object> future, Supplier<T> loader) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof ProblemException answer) {
                throw answer;
            }
            return loader.get();
        }
    }

    /** Rough heap bytes of a cached answer, so that the cache is bounded by memory rather than by count. */
    static int weigh(CompletableFuture<Object> answer) {
        if (!answer.isDone() || answer.isCompletedExceptionally()) {
            return ENTRY_WEIGHT;
        }
        Object value = answer.join() instanceof SlugLookup.Found<?> found ? found.value() : answer.join();
        return ENTRY_WEIGHT + (value instanceof TermDocument document ? document.json().length
                : value instanceof Page<?> page ? page.items().size() * SUMMARY_WEIGHT
                : value instanceof List<?> list ? list.size() * SUMMARY_WEIGHT : 0);
    }
}
