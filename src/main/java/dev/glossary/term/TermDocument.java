package dev.glossary.term;

/**
 * A term as served: its slug, the exact JSON bytes and the strong ETag computed from them. Only
 * the bytes are kept, not the object they came from, since thousands of these sit in the cache.
 */
public record TermDocument(String slug, byte[] json, String etag) {
}
