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
import dev.glossary.term.search.index.TermSearchIndex;
import dev.glossary.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Listings (by page or cursor) and letters through the cache, misses shed when too many ({@link ExpensiveReads});
 * searches and suggestions from this instance's search index, which needs neither.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class TermListingReads {

    /** Page numbers reach at most this many items deep; deeper, the skipped rows would cost too much. */
    public static final int MAX_PAGE_DEPTH = 10_000;

    @Inject TermSearchRepository terms;
    @Inject TermReadCache cache;
    @Inject ExpensiveReads expensiveReads;
    @Inject TermSearchIndex index;
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
        if (filter.searching()) {
            // Not cached: the index answers as fast, and a cached answer could outlive the index's next change.
            return index.search(filter.query(), filter.initial(), filter.slugs(), switch (filter.sort()) {
                case RELEVANCE -> TermSearchIndex.Order.RELEVANCE;
                case NAME -> TermSearchIndex.Order.NAME;
                case UPDATED_DESC -> TermSearchIndex.Order.UPDATED_DESC;
            }, page);
        }
        return cache.get(new PageKey(filter, page), () -> expensiveReads.run(() -> replica.read(mayUseReplica, () -> loadPage(filter, page))));
    }

    private Page<TermSummary> loadPage(TermFilter filter, PageRequest page) {
        if (filter.slugs() != null && filter.slugs().isEmpty()) {
            return Page.of(List.of(), page, 0);
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
    public List<TermSummary> suggest(String q, int limit) {
        return index.suggest(q, limit);
    }

    private record PageKey(TermFilter filter, PageRequest page) implements TermReadCache.ListingKey {
    }

    private record CountKey(TermFilter filter) implements TermReadCache.ListingKey {
    }

    private enum LettersKey implements TermReadCache.ListingKey { INSTANCE }
}
