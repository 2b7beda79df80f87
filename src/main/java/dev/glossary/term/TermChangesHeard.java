package dev.glossary.term;

/**
 * Fired by the change listener on the I/O thread: a feed write was heard, or listening started
 * ({@code listening} true), or the connection was lost and changes may go unheard (false).
 * Observers must not block.
 */
public record TermChangesHeard(boolean listening) {
}
