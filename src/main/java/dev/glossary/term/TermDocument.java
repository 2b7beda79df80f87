package dev.glossary.term;

/** A term as served: the exact JSON bytes and the strong ETag computed from them. */
public record TermDocument(TermResponse term, byte[] json, String etag) {
}
