package dev.glossary.term.read;

import dev.glossary.common.Page;
import dev.glossary.term.SlugLookup;
import dev.glossary.term.TermDocument;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Rough heap bytes of a cached answer, so that the cache is bounded by memory rather than by count. */
final class AnswerWeights {

    /** A summary's slug, name and short definition as Java strings, with their objects. */
    static final int SUMMARY = 700;
    static final int ENTRY = 200;

    private AnswerWeights() {
    }

    static int of(CompletableFuture<Object> answer) {
        if (!answer.isDone() || answer.isCompletedExceptionally()) {
            return ENTRY;
        }
        return ENTRY + of(answer.join());
    }

    private static int of(Object value) {
        if (value instanceof SlugLookup.Found<?> found) {
            return of(found.value());
        }
        if (value instanceof TermDocument document) {
            return document.json().length;
        }
        if (value instanceof Page<?> page) {
            return page.items().size() * SUMMARY;
        }
        if (value instanceof List<?> list) {
            return list.size() * SUMMARY;
        }
        return 0;
    }
}
