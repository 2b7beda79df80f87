package dev.glossary.term.search;

import dev.glossary.common.CursorPage;
import dev.glossary.common.Page;
import dev.glossary.common.PageRequest;
import dev.glossary.term.ExpensiveReads;
import dev.glossary.term.TermSummary;
import dev.glossary.term.read.ReadReplica;
import dev.glossary.term.read.TermReadCache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Listings, searches, letters and suggestions through the cache; shed when too many miss at once ({@link ExpensiveReads}). */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class TermListingReads {

    @Inject TermSearchRepository terms;
    @Inject TermReadCache cache;
    @Inject ExpensiveReads expensiveReads;
    @Inject TermListings listings;
    @Inject TermSearch search;
    @Inject ReadReplica replica;

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

    private record PageKey(TermFilter filter, PageRequest page) implements TermReadCache.ListingKey {
    }

    private record CountKey(TermFilter filter) implements TermReadCache.ListingKey {
    }

    private record SuggestionKey(String q, int limit) implements TermReadCache.ListingKey {
    }

    private enum LettersKey implements TermReadCache.ListingKey { INSTANCE }
}
