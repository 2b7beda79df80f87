package dev.glossary.term.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Which planner estimates are trusted without counting: never one at or below the exact limit. */
class TermSearchThresholdTest {

    @Test
    void shouldTrustASingleWordsEstimateFromAQuarterAboveTheExactLimit() {
        assertEquals(12_500, TermListingReads.trustEstimatesAbove(filter("supervised", null)));
        assertEquals(12_500, TermListingReads.trustEstimatesAbove(filter(" Réseau ", null)));
    }

    @Test
    void shouldKeepTwiceTheLimitForSeveralWordsOrANarrowedSearch() {
        assertEquals(20_000, TermListingReads.trustEstimatesAbove(filter("fine tuning", null)));
        assertEquals(20_000, TermListingReads.trustEstimatesAbove(filter("fine-tuning", null)));
        assertEquals(20_000, TermListingReads.trustEstimatesAbove(filter("model", "F")));
    }

    private static TermFilter filter(String q, String initial) {
        return new TermFilter(q, initial, null, TermSort.RELEVANCE, false);
    }
}
