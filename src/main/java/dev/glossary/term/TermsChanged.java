package dev.glossary.term;

import java.util.Set;

/** Fired inside a transaction that changed terms; observed after it commits. */
public record TermsChanged(Set<String> slugs) {
}
