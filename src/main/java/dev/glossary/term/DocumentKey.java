package dev.glossary.term;

/** The cache key of a term document (or alias redirect) by the slug asked for. */
record DocumentKey(String slug) implements SlugKey {
}
