package dev.glossary.term;

/** Fired inside a transaction that changed terms; observed after it commits. */
public record TermsChanged() {
}
