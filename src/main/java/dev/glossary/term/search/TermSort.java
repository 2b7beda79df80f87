package dev.glossary.term.search;

import dev.glossary.web.ProblemException;

/** The orders {@code GET /terms} offers, by their query-string names. */
public enum TermSort {
    NAME("name"),
    UPDATED_DESC("-updatedAt"),
    RELEVANCE("relevance");

    private final String parameter;

    TermSort(String parameter) {
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }

    static TermSort parse(String raw, boolean searching) {
        if (raw == null || raw.isEmpty()) {
            return searching ? RELEVANCE : NAME;
        }
        for (TermSort sort : values()) {
            if (sort.parameter.equals(raw)) {
                if (sort == RELEVANCE && !searching) {
                    throw ProblemException.invalidField("sort", "relevance needs a search query q");
                }
                return sort;
            }
        }
        throw ProblemException.invalidField("sort", "must be one of name, -updatedAt, relevance");
    }
}
