package dev.glossary.term.search;

import dev.glossary.web.ProblemException;
import java.util.Arrays;

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
        TermSort sort = Arrays.stream(values()).filter(known -> known.parameter.equals(raw)).findFirst()
                .orElseThrow(() -> ProblemException.invalidField("sort", "must be one of name, -updatedAt, relevance"));
        if (sort == RELEVANCE && !searching) {
            throw ProblemException.invalidField("sort", "relevance needs a search query q");
        }
        return sort;
    }
}
