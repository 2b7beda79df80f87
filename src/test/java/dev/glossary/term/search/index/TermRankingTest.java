package dev.glossary.term.search.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glossary.common.Page;
import dev.glossary.common.PageRequest;
import dev.glossary.term.TermSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A page of a search is the same slice of the ranking whatever the page size: with a page as large as
 * what is found, every found term is scored, while a small page only scores those that can reach it.
 * Many terms share few words here, so that most are left out of a small page's scoring.
 */
class TermRankingTest {

    private static final List<String> WORDS = List.of("neural", "network", "model", "gradient", "policy", "agent",
            "token", "vector", "attention", "learning", "sparse", "dense");

    @TempDir
    static Path folder;
    private static TermIndex index;

    @BeforeAll
    static void manySimilarTerms() throws IOException {
        index = new TermIndex(folder);
        Random random = new Random(7);
        for (int id = 1; id <= 150; id++) {
            String name = words(random, 1 + random.nextInt(3));
            index.add(new IndexedTerm(id, "term-" + id, name + " " + id, "About " + words(random, 3),
                    "Longer text on " + words(random, 2) + " and other things", id % 5 == 0 ? List.of(words(random, 1)) : List.of(),
                    name.substring(0, 1).toUpperCase(), id));
        }
        index.refresh();
    }

    @AfterAll
    static void close() throws IOException {
        index.close();
    }

    static Stream<String> queries() {
        return Stream.of("neural", "model network", "gradient policy", "atention", "sparse vectr", "token dense",
                "learning", "neural netwrk");
    }

    @ParameterizedTest
    @MethodSource("queries")
    void shouldRankEachPageAsTheWholeRankingDoes(String q) {
        Page<TermSummary> whole = index.search(q, null, null, TermSearchIndex.Order.RELEVANCE, new PageRequest(0, PageRequest.MAX_SIZE));
        List<String> ranking = whole.items().stream().map(TermSummary::slug).toList();
        assertTrue(whole.totalItems() > 20 && whole.totalItems() <= PageRequest.MAX_SIZE,
                q + " finds " + whole.totalItems() + " terms: a query here must find more than a few pages, all on one page");
        List<String> paged = new ArrayList<>();
        for (int page = 0; page * 7 < whole.totalItems(); page++) {
            Page<TermSummary> slice = index.search(q, null, null, TermSearchIndex.Order.RELEVANCE, new PageRequest(page, 7));
            assertEquals(whole.totalItems(), slice.totalItems(), "every page counts every found term");
            slice.items().forEach(summary -> paged.add(summary.slug()));
        }
        assertEquals(ranking, paged);
    }

    private static String words(Random random, int count) {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            words.add(WORDS.get(random.nextInt(WORDS.size())));
        }
        return String.join(" ", words);
    }
}
