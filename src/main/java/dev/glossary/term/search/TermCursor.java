package dev.glossary.term.search;

import dev.glossary.term.search.TermSearchRepository.ListedTerm;
import java.util.Optional;

/** Where a cursor walk of {@code GET /terms} stands. */
record TermCursor(TermSort sort, String initial, String key, long id) {

    private static final String VERSION = "t1";
    private static final String SEPARATOR = "\n";

    /** The cursor continuing after a listed term. */
    static TermCursor after(TermFilter filter, ListedTerm last) {
        return new TermCursor(filter.sort(), filter.initial(), last.key(), last.id());
    }

    TermFilter filter() {
        return new TermFilter(null, initial, null, sort);
    }

    /** The text that gets signed; the key goes last, as a name may hold any character. */
    String payload() {
        return String.join(SEPARATOR, VERSION, sort.parameter(), initial == null ? "" : initial,
                Long.toString(id), key);
    }

    /** The cursor in a payload this service signed; empty for one it cannot use (another version). */
    static Optional<TermCursor> parse(String payload) {
        String[] parts = payload.split(SEPARATOR, 5);
        if (parts.length != 5 || !VERSION.equals(parts[0])) {
            return Optional.empty();
        }
        try {
            TermSort sort = TermSort.parse(parts[1], false);
            if (sort == TermSort.UPDATED_DESC) {
                Long.parseLong(parts[4]);
            }
            return Optional.of(new TermCursor(sort, parts[2].isEmpty() ? null : parts[2], parts[4],
                    Long.parseLong(parts[3])));
        } catch (RuntimeException unusable) {
            return Optional.empty();
        }
    }
}
