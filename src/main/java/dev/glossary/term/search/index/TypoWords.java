package dev.glossary.term.search.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.automaton.CompiledAutomaton;
import org.apache.lucene.util.automaton.LevenshteinAutomata;

/**
 * The index's words within a typo's edits. One Levenshtein automaton per typo serves every field and
 * segment: building it is most of what a fuzzy match costs, and Lucene's fuzzy query builds one per
 * field and per distance.
 */
final class TypoWords {

    /** As Lucene's fuzzy query: the closest words of each field, at most this many. */
    static final int MAX_PER_FIELD = 50;

    /** The fields typos are matched in, and how many leading characters must be right in each. */
    private static final Map<String, Integer> FIELDS = Map.of(
            TermFields.NAME_PLAIN, 0, TermFields.ALIAS_PLAIN, 0, TermFields.SHORT_PLAIN, 1);

    /** A word of the index within a typo's edits, in a field, and how close it is (1 for the same word). */
    record Similar(String field, String word, float closeness) {
    }

    private TypoWords() {
    }

    /**
     * The similar words of the typos already looked up in one reader of the index. Readers misspell
     * the same words again and again, and the lookup (building a Levenshtein automaton) is most of
     * what a search with a typo costs; a refresh makes a new reader, and with it a new cache.
     */
    static final class Cache {
        /** Typos kept per reader: a few hundred bytes each. */
        static final int SIZE = 1_000;

        private final IndexReader reader;
        private final Map<String, List<Similar>> found = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, List<Similar>> eldest) {
                return size() > SIZE;
            }
        });

        Cache(IndexReader reader) {
            this.reader = reader;
        }

        boolean isFor(IndexReader current) {
            return reader == current;
        }

        List<Similar> similar(String typo, int maxEdits) throws IOException {
            String key = maxEdits + " " + typo;
            List<Similar> similar = found.get(key);
            if (similar == null) {
                similar = List.copyOf(TypoWords.similar(reader, typo, maxEdits));
                found.put(key, similar);
            }
            return similar;
        }
    }

    static List<Similar> similar(IndexReader index, String typo, int maxEdits) throws IOException {
        CompiledAutomaton within = new CompiledAutomaton(new LevenshteinAutomata(typo, true).toAutomaton(maxEdits), true, false);
        List<Similar> found = new ArrayList<>();
        for (var field : FIELDS.entrySet()) {
            Map<String, Integer> docFreqs = new HashMap<>();
            for (LeafReaderContext leaf : index.leaves()) {
                Terms terms = leaf.reader().terms(field.getKey());
                if (terms == null) {
                    continue;
                }
                TermsEnum words = within.getTermsEnum(terms);
                for (BytesRef word = words.next(); word != null; word = words.next()) {
                    docFreqs.merge(word.utf8ToString(), words.docFreq(), Integer::sum);
                }
            }
            int samePrefix = field.getValue();
            docFreqs.entrySet().stream()
                    .filter(word -> word.getKey().regionMatches(0, typo, 0, samePrefix))
                    .map(word -> new Candidate(word.getKey(), distance(typo, word.getKey()), word.getValue()))
                    .sorted(Comparator.comparingInt(Candidate::edits).thenComparing(Comparator.comparingInt(Candidate::docFreq).reversed())
                            .thenComparing(Candidate::word))
                    .limit(MAX_PER_FIELD)
                    .forEach(word -> found.add(new Similar(field.getKey(), word.word(), closeness(typo, word))));
        }
        return found;
    }

    private record Candidate(String word, int edits, int docFreq) {
    }

    /** As Lucene's fuzzy terms: 1 less the share of the shorter word that had to change. */
    private static float closeness(String typo, Candidate word) {
        int shorter = Math.min(typo.codePointCount(0, typo.length()), word.word().codePointCount(0, word.word().length()));
        return 1f - (float) word.edits() / shorter;
    }

    /** Edits between two words, a swap of neighbours counting one (optimal string alignment), by code point. */
    static int distance(String a, String b) {
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        int[][] d = new int[x.length + 1][y.length + 1];
        for (int i = 0; i <= x.length; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= y.length; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= x.length; i++) {
            for (int j = 1; j <= y.length; j++) {
                int cost = x[i - 1] == y[j - 1] ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1]) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[x.length][y.length];
    }
}
