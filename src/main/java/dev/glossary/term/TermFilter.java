package dev.glossary.term;

import java.util.List;

/**
 * What {@code GET /terms} narrows the glossary to; every part is optional. A fuzzy search also
 * matches names that merely look like the query.
 */
record TermFilter(String query, String initial, List<String> slugs, TermSort sort, boolean fuzzy) {

    TermFilter(String query, String initial, List<String> slugs, TermSort sort) {
        this(query, initial, slugs, sort, false);
    }

    boolean searching() {
        return query != null;
    }

    /** The same narrowing without the search itself. */
    TermFilter withoutQuery() {
        return new TermFilter(null, initial, slugs, sort, false);
    }

    TermFilter withoutFuzzyNames() {
        return new TermFilter(query, initial, slugs, sort, false);
    }

    TermFilter withFuzzyNames() {
        return new TermFilter(query, initial, slugs, sort, true);
    }
}
