package dev.glossary.term.search.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.glossary.common.PageRequest;
import dev.glossary.term.TermSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index on its own, without the application: typo matching, replacing and deleting by id. */
class TermIndexTest {

    @TempDir
    Path folder;
    private TermIndex index;

    @BeforeEach
    void twoTerms() throws IOException {
        index = new TermIndex(folder);
        index.add(term(1, "model-card", "Model Card"));
        index.add(term(2, "model-cart", "Model Cart"));
        index.refresh();
    }

    @AfterEach
    void close() throws IOException {
        index.close();
    }

    @Test
    void shouldMatchAWordSomeTermHasAsItIs() {
        assertEquals(List.of("model-card"), slugs("card"));
    }

    @Test
    void shouldMatchSimilarWordsForAWordNoTermHas() {
        assertEquals(List.of("model-card", "model-cart"), slugs("carx"));
    }

    @Test
    void shouldReplaceATermById() throws IOException {
        index.upsert(term(1, "model-card", "Model Sheet"));
        index.refresh();
        assertFalse(slugs("card").contains("model-card"));
        assertEquals(List.of("model-card"), slugs("sheet"));
    }

    @Test
    void shouldDeleteATermById() throws IOException {
        index.delete(2);
        index.refresh();
        assertEquals(List.of("model-card"), slugs("model"));
    }

    private List<String> slugs(String q) {
        return index.search(q, null, null, TermSearchIndex.Order.RELEVANCE, new PageRequest(0, 10)).items().stream()
                .map(TermSummary::slug).toList();
    }

    private static IndexedTerm term(long id, String slug, String name) {
        return new IndexedTerm(id, slug, name, "A short definition", "", List.of(), name.substring(0, 1), id);
    }
}
