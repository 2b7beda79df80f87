package dev.glossary.term.search.index;

import java.util.List;

/** A term as the index holds it: what search matches on, sorts by, filters by and answers with. */
record IndexedTerm(long id, String slug, String name, String shortDefinition, String description,
                   List<String> aliases, String initial, long updatedAtMicros) {
}
