package dev.glossary.term.search.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The index's pure rules: folding, word suffixes, stems, the words of q and the edits a typo may take. */
class TermAnalysisTest {

    @Test
    void shouldFoldANameToLowerCaseUnaccentedWords() {
        assertEquals("fine tuning", TermAnalysis.fold("  Fine-Tuning "));
        assertEquals("naive bayes", TermAnalysis.fold("Naïve  Bayes"));
        assertEquals("kunstliche intelligenz ki", TermAnalysis.fold("Künstliche Intelligenz (KI)"));
        assertEquals("", TermAnalysis.fold("*** ???"));
    }

    @Test
    void shouldListEveryWordSuffixOfAFoldedName() {
        assertEquals(Set.of("deep neural network", "neural network", "network"),
                TermFields.wordSuffixes("deep neural network"));
        assertEquals(Set.of("gpt"), TermFields.wordSuffixes("gpt"));
    }

    @Test
    void shouldStemPluralsAndFoldAccents() {
        assertEquals("foundat model", TermFields.stems("Foundation Models"));
        assertEquals("reseau de neuron", TermFields.stems("Réseau de neurones"));
    }

    @Test
    void shouldSplitQueryLikeInputIntoWordsAndIgnoreOperators() {
        assertEquals(List.of("title", "chatgpt"), TermQueries.words("title:chatgpt"));
        assertEquals(List.of("and"), TermQueries.words("AND("));
        assertEquals(List.of(), TermQueries.words("*".repeat(150)));
        assertEquals(List.of("unbalanced"), TermQueries.words("\"unbalanced"));
    }

    @Test
    void shouldKeepAtMostTenDistinctWords() {
        assertEquals(TermQueries.MAX_WORDS, TermQueries.words("a b c d e f g h i j k l m n a b").size());
    }

    @Test
    void shouldTolerateOneEditFrom4To7LettersAndTwoFrom8() {
        assertEquals(0, TermQueries.maxEdits("gpt"));
        assertEquals(1, TermQueries.maxEdits("fine"));
        assertEquals(1, TermQueries.maxEdits("tunning"));
        assertEquals(2, TermQueries.maxEdits("learnings"));
        assertEquals(0, TermQueries.maxEdits("a".repeat(31)));
    }
}
