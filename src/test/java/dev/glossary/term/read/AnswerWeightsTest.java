package dev.glossary.term.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glossary.common.Page;
import dev.glossary.common.PageRequest;
import dev.glossary.term.SlugLookup;
import dev.glossary.term.TermDocument;
import dev.glossary.term.TermSummary;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The cache is bounded by memory: each answer weighs about what it holds. */
class AnswerWeightsTest {

    @Test
    void shouldWeighADocumentByItsBytes() {
        TermDocument document = new TermDocument("a", new byte[2_000], "\"e\"");
        assertEquals(TermReadCache.ENTRY_WEIGHT + 2_000, TermReadCache.weigh(done(new SlugLookup.Found<>(document))));
    }

    @Test
    void shouldWeighAPageByItsItems() {
        List<TermSummary> items = Collections.nCopies(100, new TermSummary("a", "A", "An a"));
        Page<TermSummary> page = Page.of(items, new PageRequest(0, 100), 1_000);
        assertEquals(TermReadCache.ENTRY_WEIGHT + 100 * TermReadCache.SUMMARY_WEIGHT, TermReadCache.weigh(done(page)));
        assertTrue(TermReadCache.weigh(done(page)) > 30 * TermReadCache.weigh(done(new SlugLookup.Moved<>("b"))));
    }

    @Test
    void shouldWeighALoadInProgressAsAnEntry() {
        assertEquals(TermReadCache.ENTRY_WEIGHT, TermReadCache.weigh(new CompletableFuture<>()));
        assertEquals(TermReadCache.ENTRY_WEIGHT, TermReadCache.weigh(CompletableFuture.failedFuture(new IllegalStateException())));
    }

    private static CompletableFuture<Object> done(Object value) {
        return CompletableFuture.completedFuture(value);
    }
}
