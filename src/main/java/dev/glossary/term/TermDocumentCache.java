package dev.glossary.term;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.glossary.config.GlossaryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;

/**
 * Ready-made term documents (JSON bytes and ETag) and alias redirects by slug, so hot reads touch
 * neither PostgreSQL nor Jackson.
 *
 * <p>Any term write drops everything: a write changes the term, its aliases and the documents of
 * every related term, and writes are rare next to reads, so exact bookkeeping would buy little and
 * risk staleness. A generation number guards the race in which a read that began before a write
 * commits would store what it read after the write's invalidation.
 */
@ApplicationScoped
public class TermDocumentCache {

    private final Cache<String, SlugLookup<TermDocument>> documents;
    private final boolean enabled;
    private long generation;
    /** False while changes could be missed (no listener connection): then nothing is cached. */
    private volatile boolean trusted;

    TermDocumentCache(GlossaryConfig config) {
        this.enabled = config.termCache().enabled();
        this.documents = Caffeine.newBuilder().maximumSize(config.termCache().maxEntries()).build();
    }

    public SlugLookup<TermDocument> get(String slug, Supplier<SlugLookup<TermDocument>> loader) {
        if (!enabled || !trusted) {
            return loader.get();
        }
        SlugLookup<TermDocument> cached = documents.getIfPresent(slug);
        if (cached != null) {
            return cached;
        }
        long readAt = currentGeneration();
        SlugLookup<TermDocument> loaded = loader.get();
        storeIfCurrent(slug, loaded, readAt);
        return loaded;
    }

    public synchronized void invalidateAll() {
        generation++;
        documents.invalidateAll();
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

    private synchronized void storeIfCurrent(String slug, SlugLookup<TermDocument> value, long readAt) {
        if (generation == readAt && trusted) {
            documents.put(slug, value);
        }
    }
}
