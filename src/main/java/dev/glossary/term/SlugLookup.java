package dev.glossary.term;

/** What a slug leads to: the term's data, or the canonical slug when the slug is an alias. */
public sealed interface SlugLookup<T> {

    record Found<T>(T value) implements SlugLookup<T> {
    }

    record Moved<T>(String canonicalSlug) implements SlugLookup<T> {
    }
}
