package dev.glossary.term.search;

import dev.glossary.common.CursorPage;
import dev.glossary.common.CursorSigner;
import dev.glossary.common.Page;
import dev.glossary.common.PageRequest;
import dev.glossary.term.ExpensiveReads;
import dev.glossary.term.TermSummary;
import dev.glossary.term.read.ReadReplica;
import dev.glossary.term.read.TermReadCache;
import dev.glossary.term.search.TermSearchRepository.ListedTerm;
import dev.glossary.web.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/** Listings (by page or cursor), searches, letters and suggestions through the cache; misses shed when too many ({@link ExpensiveReads}). */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class TermListingReads {

    /** Page numbers reach at most this many items deep; deeper, the skipped rows would cost too much. */
    public static final int MAX_PAGE_DEPTH = 10_000;
    /** totalItems of a search is exact up to this many matches (shared/API.md). */
    static final int EXACT_UP_TO = 10_000;
    /** Planner estimates above this are taken as they are, without counting. */
    static final long TRUST_ESTIMATES_ABOVE = 2L * EXACT_UP_TO;
    /** For one word unnarrowed the estimate is that lexeme's sampled frequency, close enough that a quarter above is clearly above. */
    static final long TRUST_SINGLE_WORD_ESTIMATES_ABOVE = EXACT_UP_TO + EXACT_UP_TO / 4;
    private static final Pattern SINGLE_WORD = Pattern.compile("\\s*[\\p{L}\\p{N}]+\\s*");
    /** Matches ranked at least per page: the first ones found plus as many name matches. */
    static final int RANKED_CANDIDATES = 200;
    /** Searches with fewer exact matches than this also match names similar to the query. */
    static final int FUZZY_BELOW = 20;

    @Inject TermSearchRepository terms;
    @Inject TermReadCache cache;
    @Inject ExpensiveReads expensiveReads;
    @Inject ReadReplica replica;
    @Inject CursorSigner signer;

    /** 400 page-too-deep for a numbered page beyond {@link #MAX_PAGE_DEPTH}. */
    static PageRequest withinDepth(PageRequest page) {
        if (page.offset() + page.size() > MAX_PAGE_DEPTH) {
            throw ProblemException.pageTooDeep("Pages reach at most " + MAX_PAGE_DEPTH
                    + " items deep (page * size + size); to go further, walk with cursor, starting from the"
                    + " nextCursor of any page");
        }
        return page;
    }

    public Page<TermSummary> list(TermFilter filter, PageRequest page, boolean mayUseReplica) {
        return cache.get(new PageKey(filter, page), () -> expensiveReads.run(() -> replica.read(mayUseReplica, () -> loadPage(filter, page))));
    }

    private Page<TermSummary> loadPage(TermFilter filter, PageRequest page) {
        if (filter.slugs() != null && filter.slugs().isEmpty()) {
            return Page.of(List.of(), page, 0);
        }
        if (filter.searching()) {
            return QuarkusTransaction.joiningExisting().call(() -> searchPage(filter, page));
        }
        // Every page of a listing shares one count, so it is counted once per change.
        long total = cache.get(new CountKey(filter), () -> terms.count(filter));
        List<ListedTerm> listed = page.offset() < total ? terms.page(filter, page) : List.of();
        Page<TermSummary> result = Page.of(summaries(listed), page, total);
        if (filter.slugs() != null) {
            return result; // a bulk fetch has no cursor
        }
        return result.withNextCursor(result.hasNext() && !listed.isEmpty()
                ? signer.sign(TermCursor.after(filter, listed.get(listed.size() - 1)).payload()) : null);
    }

    /** A search page, bounded however common the words (in a transaction: preferIndexes sets local settings). */
    private Page<TermSummary> searchPage(TermFilter filter, PageRequest page) {
        int candidates = (int) Math.max(RANKED_CANDIDATES, page.offset() + page.size());
        long estimate = terms.estimateMatches(filter);
        if (estimate > trustEstimatesAbove(filter)) {
            return Page.of(terms.rankedPage(filter, page, candidates, 0).items(), page, estimate, false);
        }
        terms.preferIndexes();
        TermSearchRepository.SearchPage result = terms.rankedPage(filter, page, candidates, EXACT_UP_TO + 1);
        if (result.matches() < FUZZY_BELOW) {
            // Few exact hits suggest a typo: widen to similar names, only then, to keep trigram similarity
            // off the thousands of rows a common word matches.
            result = terms.rankedPage(filter.withFuzzyNames(true), page, candidates, EXACT_UP_TO + 1);
        }
        boolean exact = result.matches() <= EXACT_UP_TO;
        return Page.of(result.items(), page, exact ? result.matches() : Math.max(estimate, result.matches()), exact);
    }

    /** Above how many estimated matches the estimate is taken as it is, without counting. */
    static long trustEstimatesAbove(TermFilter filter) {
        boolean singleWord = filter.initial() == null && filter.slugs() == null
                && SINGLE_WORD.matcher(filter.query()).matches();
        return singleWord ? TRUST_SINGLE_WORD_ESTIMATES_ABOVE : TRUST_ESTIMATES_ABOVE;
    }

    /** The next {@code size} terms of the walk a client's cursor continues: not cached, but a public read all the same. */
    public CursorPage<TermSummary> walk(String cursor, String letter, String sort, int size, boolean mayUseReplica) {
        return replica.read(mayUseReplica, () -> walk(decode(cursor), letter, sort, size));
    }

    private CursorPage<TermSummary> walk(TermCursor after, String letter, String sort, int size) {
        String wantedInitial = letter == null || letter.isEmpty() ? after.initial() : TermFilter.initial(letter);
        TermSort wantedSort = sort == null || sort.isEmpty() ? after.sort() : TermSort.parse(sort, false);
        if (!Objects.equals(wantedInitial, after.initial()) || wantedSort != after.sort()) {
            throw ProblemException.invalidField("cursor",
                    "was made for other filters (letter, sort) than this request's; start again without it");
        }
        List<ListedTerm> listed = terms.after(after, size + 1);
        boolean more = listed.size() > size;
        List<ListedTerm> shown = more ? listed.subList(0, size) : listed;
        String next = more ? signer.sign(TermCursor.after(after.filter(), shown.get(size - 1)).payload()) : null;
        return new CursorPage<>(summaries(shown), size, next);
    }

    /** The cursor a client sent back; 400 for anything this service did not sign. */
    private TermCursor decode(String cursor) {
        return signer.verify(cursor).flatMap(TermCursor::parse).orElseThrow(() -> ProblemException.invalidField(
                "cursor", "is not a cursor this service gave out; take it unchanged from nextCursor"));
    }

    private static List<TermSummary> summaries(List<ListedTerm> listed) {
        return listed.stream().map(ListedTerm::summary).toList();
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
