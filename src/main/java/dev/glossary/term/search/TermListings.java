package dev.glossary.term.search;

import dev.glossary.term.search.TermSearchRepository.ListedTerm;
import dev.glossary.common.CursorPage;
import dev.glossary.common.CursorSigner;
import dev.glossary.common.Page;
import dev.glossary.common.PageRequest;
import dev.glossary.common.ProblemException;
import dev.glossary.term.TermSummary;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Objects;

/** Listings that are not searches, by page number or by cursor. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class TermListings {

    /** Page numbers reach at most this many items deep; deeper, the skipped rows would cost too much. */
    public static final int MAX_PAGE_DEPTH = 10_000;

    /** 400 page-too-deep for a numbered page beyond {@link #MAX_PAGE_DEPTH}. */
    static void requireWithinDepth(PageRequest page) {
        if (page.offset() + page.size() > MAX_PAGE_DEPTH) {
            throw ProblemException.pageTooDeep("Pages reach at most " + MAX_PAGE_DEPTH
                    + " items deep (page * size + size); to go further, walk with cursor, starting from the"
                    + " nextCursor of any page");
        }
    }

    @Inject TermSearchRepository terms;
    @Inject CursorSigner signer;

    /** A numbered page of {@code total} terms; unless it is a bulk fetch, with the cursor going on after it. */
    Page<TermSummary> page(TermFilter filter, PageRequest page, long total) {
        List<ListedTerm> listed = page.offset() < total ? terms.page(filter, page) : List.of();
        Page<TermSummary> result = Page.of(summaries(listed), page, total);
        if (filter.slugs() != null) {
            return result;
        }
        return result.withNextCursor(result.hasNext() && !listed.isEmpty()
                ? encode(TermCursor.after(filter, listed.get(listed.size() - 1))) : null);
    }

    /** The {@code size} terms after the cursor's position. */
    private CursorPage<TermSummary> walk(TermCursor after, int size) {
        List<ListedTerm> listed = terms.after(after, size + 1);
        boolean more = listed.size() > size;
        List<ListedTerm> shown = more ? listed.subList(0, size) : listed;
        String next = more ? encode(TermCursor.after(after.filter(), shown.get(size - 1))) : null;
        return new CursorPage<>(summaries(shown), size, next);
    }

    /** The next {@code size} terms of the walk a client's cursor continues. */
    public CursorPage<TermSummary> walk(String cursor, String letter, String sort, int size) {
        TermCursor after = decode(cursor);
        String wantedInitial = letter == null || letter.isEmpty() ? after.initial() : TermFilter.initial(letter);
        TermSort wantedSort = sort == null || sort.isEmpty() ? after.sort() : TermSort.parse(sort, false);
        if (!Objects.equals(wantedInitial, after.initial()) || wantedSort != after.sort()) {
            throw ProblemException.invalidField("cursor",
                    "was made for other filters (letter, sort) than this request's; start again without it");
        }
        return walk(after, size);
    }

    /** The cursor a client sent back; 400 for anything this service did not sign. */
    private TermCursor decode(String cursor) {
        return signer.verify(cursor).flatMap(TermCursor::parse).orElseThrow(() -> ProblemException.invalidField(
                "cursor", "is not a cursor this service gave out; take it unchanged from nextCursor"));
    }

    private String encode(TermCursor cursor) {
        return signer.sign(cursor.payload());
    }

    private static List<TermSummary> summaries(List<ListedTerm> listed) {
        return listed.stream().map(ListedTerm::summary).toList();
    }
}
