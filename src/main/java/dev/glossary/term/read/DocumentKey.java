package dev.glossary.term.read;

/** The cache key of a term document (or alias redirect) by the slug asked for, in one representation. */
record DocumentKey(String slug, TermRepresentation representation) implements SlugKey {

    DocumentKey(String slug) {
        this(slug, TermRepresentation.JSON);
    }
}
