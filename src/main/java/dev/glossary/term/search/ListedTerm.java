package dev.glossary.term.search;

import dev.glossary.term.TermSummary;

/** A term of a listing with its position in the listing's order, from which a cursor walk goes on. */
record ListedTerm(TermSummary summary, String key, long id) {
}
