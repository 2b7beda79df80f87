package dev.glossary.term;

import java.util.List;

/** What {@code GET /terms} narrows the glossary to; every part is optional. */
record TermFilter(String query, String initial, List<String> slugs, TermSort sort) {

    boolean searching() {
        return query != null;
    }
}
