package dev.glossary.term.search;

import dev.glossary.common.Page;
import dev.glossary.common.PageRequest;
import dev.glossary.term.TermSummary;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.regex.Pattern;

/** Full-text search that stays bounded however common the words. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class TermSearch {

    /** totalItems is exact up to this many matches (shared/API.md). */
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

    @Transactional
    Page<TermSummary> page(TermFilter filter, PageRequest page) {
        int candidates = (int) Math.max(RANKED_CANDIDATES, page.offset() + page.size());
        long estimate = terms.estimateMatches(filter);
        if (estimate > trustEstimatesAbove(filter)) {
            return Page.of(terms.rankedPage(filter, page, candidates, 0).items(), page, estimate, false);
        }
        terms.preferIndexes();
        TermSearchRepository.SearchPage result = terms.rankedPage(filter, page, candidates, EXACT_UP_TO + 1);
        if (result.matches() < FUZZY_BELOW) {
            // Few exact hits suggest a typo: widen to similar names. Doing this only then keeps
            // trigram similarity off the thousands of rows a common word matches.
            result = terms.rankedPage(filter.withFuzzyNames(), page, candidates, EXACT_UP_TO + 1);
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
}
