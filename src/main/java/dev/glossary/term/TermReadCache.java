package dev.glossary.term;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.glossary.config.GlossaryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;

/**
 * What term reads answer, kept in memory: ready-made term documents (JSON bytes and ETag) and alias
 * redirects by slug, pages of listings and searches, letters and suggestions. Hot reads then touch
 * neither PostgreSQL nor Jackson, and a repeated search costs nothing however many terms it matches.
 *
 * <p>Any term write drops everything: a write changes the term, its aliases and the documents of
 * every related term, and writes are rare next to reads, so exact bookkeeping would buy little and
 * risk staleness. A generation number guards the race in which a read that began before a write
 * commits would store what it read after the write's invalidation.
 */
@ApplicationScoped
public class TermReadCache {

    private final Cache<Object, Object> answers;
    private final boolean enabled;
    private long generation;
    /** False while changes could be missed (no listener connection): then nothing is cached. */
    private volatile boolean trusted;

    TermReadCache(GlossaryConfig config) {
        this.enabled = config.termCache().enabled();
        this.answers = Caffeine.newBuilder().maximumSize(config.termCache().maxEntries()).build();
    }

    /**
     * The answer for the key, loaded on a miss. Keys are records naming the read and its
     * parameters, so equal requests share an entry.
     */
    @SuppressWarnings("unchecked")
    public <T> T get(Object key, Supplier<T> loader) {
        if (!enabled || !trusted) {
            return loader.get();
        }
        Object cached = answers.getIfPresent(key);
        if (cached != null) {
            return (T) cached;
        }
        long readAt = currentGeneration();
        T loaded = loader.get();
        storeIfCurrent(key, loaded, readAt);
        return loaded;
    }

    /** The answer if it is in memory and may be served, without loading anything. */
    @SuppressWarnings("unchecked")
    public <T> T peek(Object key) {
        return enabled && trusted ? (T) answers.getIfPresent(key) : null;
    }

    public synchronized void invalidateAll() {
        generation++;
        answers.invalidateAll();
    }

    /** Called by the change listener: cache only while it is sure to hear of every change. */
    void trust(boolean listening) {
        invalidateAll();
        this.trusted = listening;
    }

    /** Whether reads are being served from memory right now. */
    boolean active() {
        return enabled && trusted;
    }

    private synchronized long currentGeneration() {
        return generation;
    }

    private synchronized void storeIfCurrent(Object key, Object value, long readAt) {
        if (generation == readAt && trusted) {
            answers.put(key, value);
        }
    }
}
