package dev.glossary.term;

/** A term as served: its JSON bytes (only those are kept, thousands sit in the cache) and strong ETag. */
public record TermDocument(String slug, byte[] json, String etag) {
}
