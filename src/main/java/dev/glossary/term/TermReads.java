package dev.glossary.term;

import dev.glossary.common.CursorPage;
import dev.glossary.common.Page;
import dev.glossary.common.PageRequest;
import dev.glossary.common.Slugs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Every term read, through the cache: what each read is keyed by, and what a miss loads. Which
 * keys a write drops is {@link TermReadCache}'s business: a slug key's, or every listing. Every
 * load runs where {@link ReadReplica} says: on the read replica when one is configured and may
 * answer this request, else on the primary.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class TermReads {

    private final TermRepository terms;
    private final TermDocuments documents;
    private final TermReadCache cache;
    private final ExpensiveReads expensiveReads;
    private final TermListings listings;
    private final TermSearch search;
    private final TermJsonLd jsonLd;
    private final ReadReplica replica;

    TermReads(TermRepository terms, TermDocuments documents, TermReadCache cache, ExpensiveReads expensiveReads,
            TermListings listings, TermSearch search, TermJsonLd jsonLd, ReadReplica replica) {
        this.terms = terms;
        this.documents = documents;
        this.cache = cache;
        this.expensiveReads = expensiveReads;
        this.listings = listings;
        this.search = search;
        this.jsonLd = jsonLd;
        this.replica = replica;
    }

    /**
     * The ready document of the slug in a representation, or where an alias points, without blocking:
     * from memory, else one read over the reactive client. Each representation is cached under its
     * own key and loaded from the database, so that a write drops both alike.
     */
    public CompletionStage<SlugLookup<TermDocument>> document(String slug, TermRepresentation representation,
            boolean mayUseReplica) {
        if (!Slugs.isValid(slug)) {
            return CompletableFuture.failedFuture(UnknownTerm.of(slug));
        }
        DocumentKey key = new DocumentKey(slug, representation);
        SlugLookup<TermDocument> cached = cache.peek(key);
        return cached != null ? CompletableFuture.completedFuture(cached)
                : cache.getAsync(key, () -> documents.bySlug(slug, mayUseReplica).thenApply(json -> jsonLd.as(representation, json)));
    }

    public SlugLookup<List<TermSummary>> related(String slug, boolean mayUseReplica) {
        UnknownTerm.unlessWellFormed(slug);
        return cache.get(new RelatedKey(slug), () -> replica.read(mayUseReplica, () -> loadRelated(slug)));
    }

    private SlugLookup<List<TermSummary>> loadRelated(String slug) {
        var term = terms.findBySlug(slug);
        if (term.isPresent()) {
            return new SlugLookup.Found<>(terms.relatedTo(term.get().id));
        }
        return terms.canonicalSlugOfAlias(slug).<SlugLookup<List<TermSummary>>>map(SlugLookup.Moved::new)
                .orElseThrow(() -> UnknownTerm.of(slug));
    }

    public Page<TermSummary> list(TermFilter filter, PageRequest page, boolean mayUseReplica) {
        return cache.get(new PageKey(filter, page), () -> expensiveReads.run(() -> replica.read(mayUseReplica, () -> loadPage(filter, page))));
    }

    private Page<TermSummary> loadPage(TermFilter filter, PageRequest page) {
        if (filter.slugs() != null && filter.slugs().isEmpty()) {
            return Page.of(List.of(), page, 0);
        }
        if (!filter.searching()) {
            // Every page of a listing shares one count, so it is counted once per change.
            long total = cache.get(new CountKey(filter), () -> terms.count(filter));
            return listings.page(filter, page, total);
        }
        return search.page(filter, page);
    }

    /** The next terms of a cursor walk: not cached (see {@link TermListings}), but a public read all the same. */
    public CursorPage<TermSummary> walk(String cursor, String letter, String sort, int size, boolean mayUseReplica) {
        return replica.read(mayUseReplica, () -> listings.walk(cursor, letter, sort, size));
    }

    public List<LetterCount> letters(boolean mayUseReplica) {
        return cache.get(LettersKey.INSTANCE, () -> replica.read(mayUseReplica, this::countLetters));
    }

    private List<LetterCount> countLetters() {
        Map<String, Long> counts = terms.countsByInitial();
        return LetterCount.INITIALS.stream()
                .map(letter -> new LetterCount(letter, counts.getOrDefault(letter, 0L))).toList();
    }

    /** Names starting with q first, then names with a later word starting with q. */
    public List<TermSummary> suggest(String q, int limit, boolean mayUseReplica) {
        return cache.get(new SuggestionKey(q, limit), () -> replica.read(mayUseReplica, () -> loadSuggestions(q, limit)));
    }

    private List<TermSummary> loadSuggestions(String q, int limit) {
        String words = terms.nameWords(q);
        if (words.isBlank()) {
            return List.of();
        }
        List<TermSummary> suggestions = new ArrayList<>(terms.namesStartingWith(words, limit));
        if (suggestions.size() < limit) {
            suggestions.addAll(terms.namesWithWordStartingWith(words, limit - suggestions.size()));
        }
        return suggestions;
    }

    private record RelatedKey(String slug) implements SlugKey {
    }

    private record PageKey(TermFilter filter, PageRequest page) implements TermReadCache.ListingKey {
    }

    private record CountKey(TermFilter filter) implements TermReadCache.ListingKey {
    }

    private record SuggestionKey(String q, int limit) implements TermReadCache.ListingKey {
    }

    private enum LettersKey implements TermReadCache.ListingKey { INSTANCE }
}
