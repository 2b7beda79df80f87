package dev.glossary.term.search;

import dev.glossary.common.Slugs;
import dev.glossary.web.ProblemException;
import java.util.List;
import java.util.Locale;

/** What {@code GET /terms} narrows the glossary to. */
record TermFilter(String query, String initial, List<String> slugs, TermSort sort) {

    static final int MAX_QUERY_LENGTH = 200;
    static final int MAX_BULK_SLUGS = 100;

    /** The filter a request's parameters ask for (the query as {@link #searchText} gave it); 400 for one out of bounds. */
    static TermFilter of(String query, String letter, List<String> slugs, String sort) {
        return new TermFilter(query, initial(letter), bulkSlugs(slugs), TermSort.parse(sort, query != null));
    }

    /** A trimmed, bounded search text, or null when absent or blank. */
    static String searchText(String raw, String parameter) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String query = raw.strip();
        if (query.length() > MAX_QUERY_LENGTH) {
            throw ProblemException.invalidField(parameter, "must be at most " + MAX_QUERY_LENGTH + " characters");
        }
        return query;
    }

    /** The initial a letter parameter asks for, upper-case, or null when absent. */
    static String initial(String letter) {
        if (letter == null || letter.isEmpty()) {
            return null;
        }
        String upper = letter.toUpperCase(Locale.ROOT);
        if (!LetterCount.INITIALS.contains(upper)) {
            throw ProblemException.invalidField("letter", "must be one letter A-Z or #");
        }
        return upper;
    }

    /** Null when no slug is asked for; otherwise the well-formed ones (others cannot exist). */
    private static List<String> bulkSlugs(List<String> slugs) {
        if (slugs == null || slugs.isEmpty()) {
            return null;
        }
        if (slugs.size() > MAX_BULK_SLUGS) {
            throw ProblemException.invalidField("slug", "may be repeated at most " + MAX_BULK_SLUGS + " times");
        }
        return slugs.stream().filter(Slugs::isValid).distinct().toList();
    }

    boolean searching() {
        return query != null;
    }
}
