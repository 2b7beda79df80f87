package dev.glossary.term.search.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BlendedTermQuery;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.QueryBuilder;

/**
 * Search queries, built in code from the words of q: nothing a reader types is Lucene syntax, and every
 * part is bounded (words, edits, prefix lengths), so no input makes a slow query.
 */
final class TermQueries {

    /** Field weights: the name outweighs aliases and the short definition, which outweigh the description. */
    static final float NAME = 4f;
    static final float ALIAS = 3f;
    static final float SHORT = 2f;
    static final float DESCRIPTION = 1f;
    /** What a word's matches in its other fields add to its best one. */
    static final float OTHER_FIELDS = 0.1f;
    /** A word as written in the name, a name starting with it, a typo of it: below its stem's match. */
    static final float NAME_WORD = 1f;
    static final float NAME_PREFIX = 1.5f;
    /** The name starts with q's first word (or a prefix of it): "unsupervised" means Unsupervised Learning first. */
    static final float NAME_START = 4f;
    static final float FUZZY = 0.6f;
    /** The whole query as a phrase, and as the whole name (as written or stemmed) or an alias. */
    static final float NAME_PHRASE = 6f;
    static final float TEXT_PHRASE = 1.5f;
    static final float WHOLE_NAME = 20f;
    static final float WHOLE_ALIAS = 10f;
    /** Words beyond this are ignored: q is at most 200 characters, and this bounds the clauses of any query. */
    static final int MAX_WORDS = 10;
    /** Longer "words" are no words (a hash, a run of one letter): no typo matching for them. */
    static final int MAX_FUZZY_LENGTH = 30;
    static final int MIN_PREFIX_LENGTH = 2;
    /** Prefixes up to this length are indexed; a longer word's prefix matches are expanded (rare, and few). */
    static final int MAX_PREFIX_LENGTH = 20;

    private static final QueryBuilder PHRASES = new QueryBuilder(TermAnalysis.ENGLISH);

    private TermQueries() {
    }

    /** Edits tolerated in a word: none below 4 letters, 1 up to 7, 2 beyond. */
    static int maxEdits(String word) {
        int length = word.codePointCount(0, word.length());
        return length < 4 || length > MAX_FUZZY_LENGTH ? 0 : length <= 7 ? 1 : 2;
    }

    /** The distinct words of q as written (folded), at most {@link #MAX_WORDS}. */
    static List<String> words(String q) {
        Set<String> words = new LinkedHashSet<>(TermAnalysis.terms(TermAnalysis.PLAIN, TermFields.NAME_PLAIN, q));
        return words.stream().limit(MAX_WORDS).toList();
    }

    /** The words of q, with each typo's similar words looked up once for both the every-word and the any-word query. */
    record Words(String q, List<Word> words) {
        boolean isEmpty() {
            return words.isEmpty();
        }

        /** q with each typo replaced by the name word it most likely stands for; null when q has no typo. */
        String corrected() {
            boolean any = false;
            List<String> corrected = new ArrayList<>(words.size());
            for (Word word : words) {
                String meant = word.similar().stream().filter(similar -> similar.field().equals(TermFields.NAME_PLAIN))
                        .map(TypoWords.Similar::word).findFirst().orElse(word.text());
                any |= !meant.equals(word.text());
                corrected.add(meant);
            }
            return any ? String.join(" ", corrected) : null;
        }
    }

    /** A word of q: its stems, and the index's words within its edits when no term has it (a typo). */
    record Word(String text, List<String> stems, List<TypoWords.Similar> similar) {
    }

    static Words words(String q, IndexReader index, TypoWords.Cache typos) throws IOException {
        List<Word> words = new ArrayList<>();
        for (String word : words(q)) {
            List<String> stems = TermAnalysis.terms(TermAnalysis.ENGLISH, TermFields.NAME, word);
            int edits = isTypo(index, word, stems) ? maxEdits(word) : 0;
            words.add(new Word(word, stems, edits > 0 ? typos.similar(word, edits) : List.of()));
        }
        return new Words(q, words);
    }

    /**
     * Every word must match (its stem in any text field, its exact form, a name starting with it, or, when
     * no term has it, a word within its edits); or, with {@code everyWord} false, any one, or the whole q as
     * a name or an alias. What matches is unscored sets of documents ({@link WordMatches}, {@link TermBits}),
     * so a count reads each postings list once. The score is one flat disjunction: per word its best field
     * (a disjunction max), then every other weighed term, phrase and whole-name match, each a clause that
     * {@link TermIndex} bounds and scores apart.
     */
    static Search search(Words prepared, boolean everyWord, TermBits bits) {
        if (prepared.isEmpty()) {
            return new Search(new MatchNoDocsQuery("no words in q"), new BooleanQuery.Builder().build(), bits);
        }
        BooleanQuery.Builder matching = new BooleanQuery.Builder();
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        List<Term> anyTerms = new ArrayList<>();
        List<Term> anyPrefixes = new ArrayList<>();
        boolean anyRequired = false;
        for (Word word : prepared.words()) {
            List<Term> terms = new ArrayList<>();
            List<Term> prefixes = new ArrayList<>();
            matching(word, terms, prefixes);
            // A stop word ("of", "the") narrows nothing: it may add to the score, it is never required.
            if (everyWord && !word.stems().isEmpty()) {
                matching.add(new WordMatches(terms, prefixes, bits), Occur.FILTER);
                anyRequired = true;
            }
            anyTerms.addAll(terms);
            anyPrefixes.addAll(prefixes);
            scoring(word, query);
        }
        String first = prepared.words().get(0).text();
        int firstLength = first.codePointCount(0, first.length());
        if (firstLength >= MIN_PREFIX_LENGTH && firstLength <= MAX_PREFIX_LENGTH) {
            query.add(boost(new TermQuery(new Term(TermFields.NAME_START, first)), NAME_START), Occur.SHOULD);
        }
        String q = prepared.q();
        String whole = TermAnalysis.fold(q);
        addWhole(query, anyTerms, new Term(TermFields.NAME_KEY, whole), WHOLE_NAME);
        String stems = TermFields.stems(q);
        if (!stems.isEmpty()) {
            addWhole(query, anyTerms, new Term(TermFields.NAME_STEMS, stems), WHOLE_NAME);
        }
        addWhole(query, anyTerms, new Term(TermFields.ALIAS_KEY, whole), WHOLE_ALIAS);
        if (prepared.words().size() > 1) {
            addPhrase(query, TermFields.NAME, q, 0, NAME_PHRASE);
            addPhrase(query, TermFields.SHORT, q, 1, TEXT_PHRASE);
            addPhrase(query, TermFields.DESCRIPTION, q, 1, TEXT_PHRASE);
        }
        // A misspelt name is still that name: the whole name and the phrase, as corrected, weigh as a typo does.
        String corrected = prepared.corrected();
        if (corrected != null) {
            String correctedStems = TermFields.stems(corrected);
            if (!correctedStems.isEmpty()) {
                addWhole(query, anyTerms, new Term(TermFields.NAME_STEMS, correctedStems), WHOLE_NAME * FUZZY);
            }
            if (prepared.words().size() > 1) {
                addPhrase(query, TermFields.NAME, corrected, 0, NAME_PHRASE * FUZZY);
            }
        }
        if (!anyRequired) {
            // Any word will do (a phrase needs its words, so it only adds to the score).
            matching.add(new WordMatches(anyTerms, anyPrefixes, bits), Occur.FILTER);
        }
        return new Search(matching.build(), query.build(), bits);
    }

    /**
     * The documents a search finds, and the score that ranks them (it matches more: only the found are
     * ranked); the bit sets of the terms both read.
     */
    record Search(Query matching, BooleanQuery scoring, TermBits bits) {
    }

    private static void addWhole(BooleanQuery.Builder query, List<Term> anyTerms, Term term, float weight) {
        query.add(boost(new TermQuery(term), weight), Occur.SHOULD);
        anyTerms.add(term);
    }

    /**
     * A word no term has (as written in a name, an alias or a short definition, nor its stem in a
     * description) is taken for a typo; only then are similar words looked for, which is what a
     * search of common words would otherwise spend most of its time on.
     */
    static boolean isTypo(IndexReader index, String word, List<String> stems) throws IOException {
        if (index.docFreq(new Term(TermFields.NAME_PLAIN, word)) > 0 || index.docFreq(new Term(TermFields.ALIAS_PLAIN, word)) > 0
                || index.docFreq(new Term(TermFields.SHORT_PLAIN, word)) > 0) {
            return false;
        }
        for (String stem : stems) {
            if (index.docFreq(new Term(TermFields.DESCRIPTION, stem)) > 0) {
                return false;
            }
        }
        return true;
    }

    /** One word: a disjunction of its stem per field, its written form in the name, a name prefix and, for a typo, similar words. */
    /** The terms that make a document have a word: its stems in every text field, its written form, its name prefix, its typo's similar words. */
    private static void matching(Word word, List<Term> terms, List<Term> prefixes) {
        for (String stem : word.stems()) {
            for (String field : List.of(TermFields.NAME, TermFields.ALIAS, TermFields.SHORT, TermFields.DESCRIPTION)) {
                terms.add(new Term(field, stem));
            }
        }
        String text = word.text();
        terms.add(new Term(TermFields.NAME_PLAIN, text));
        int length = text.codePointCount(0, text.length());
        if (length >= MIN_PREFIX_LENGTH && length <= MAX_PREFIX_LENGTH) {
            terms.add(new Term(TermFields.NAME_PREFIX, text));
        } else if (length > MAX_PREFIX_LENGTH) {
            prefixes.add(new Term(TermFields.NAME_PLAIN, text));
        }
        for (TypoWords.Similar similar : word.similar()) {
            terms.add(new Term(similar.field(), similar.word()));
        }
    }

    /** What a word adds to the score: its stem per field, its written form in the name, a name prefix and, for a typo, similar words. */
    private static void scoring(Word word, BooleanQuery.Builder query) {
        for (String stem : word.stems()) {
            // The best field counts, the others a little (a word in every field of a term is no more that term).
            query.add(new DisjunctionMaxQuery(List.of(
                    boost(new TermQuery(new Term(TermFields.NAME, stem)), NAME),
                    boost(new TermQuery(new Term(TermFields.ALIAS, stem)), ALIAS),
                    boost(new TermQuery(new Term(TermFields.SHORT, stem)), SHORT),
                    boost(new TermQuery(new Term(TermFields.DESCRIPTION, stem)), DESCRIPTION)), OTHER_FIELDS), Occur.SHOULD);
        }
        String text = word.text();
        query.add(boost(new TermQuery(new Term(TermFields.NAME_PLAIN, text)), NAME_WORD), Occur.SHOULD);
        int length = text.codePointCount(0, text.length());
        if (length >= MIN_PREFIX_LENGTH) {
            Query prefix = length <= MAX_PREFIX_LENGTH
                    ? new TermQuery(new Term(TermFields.NAME_PREFIX, text))
                    : new PrefixQuery(new Term(TermFields.NAME_PLAIN, text));
            query.add(boost(prefix, NAME_PREFIX), Occur.SHOULD);
        }
        addSimilar(query, word, TermFields.NAME_PLAIN, FUZZY * NAME);
        addSimilar(query, word, TermFields.ALIAS_PLAIN, FUZZY * ALIAS);
        addSimilar(query, word, TermFields.SHORT_PLAIN, FUZZY * SHORT);
    }

    /**
     * A typo's similar words in one field, weighed by how close each is, their document frequencies
     * blended (as Lucene's fuzzy query does), so that a rare misspelling does not outrank the word meant.
     */
    private static void addSimilar(BooleanQuery.Builder any, Word word, String field, float weight) {
        BlendedTermQuery.Builder blended = new BlendedTermQuery.Builder().setRewriteMethod(BlendedTermQuery.BOOLEAN_REWRITE);
        boolean found = false;
        for (TypoWords.Similar similar : word.similar()) {
            if (similar.field().equals(field)) {
                blended.add(new Term(field, similar.word()), similar.closeness());
                found = true;
            }
        }
        if (found) {
            any.add(boost(blended.build(), weight), Occur.SHOULD);
        }
    }

    private static void addPhrase(BooleanQuery.Builder query, String field, String q, int slop, float weight) {
        Query phrase = PHRASES.createPhraseQuery(field, q, slop);
        if (phrase != null) {
            query.add(boost(phrase, weight), Occur.SHOULD);
        }
    }

    /** Names starting with the folded q. */
    static Query nameStartsWith(String key) {
        return new PrefixQuery(new Term(TermFields.NAME_KEY, key));
    }

    /** Names with a later word starting with the folded q (those starting with it are the first list). */
    static Query nameHasWordStartingWith(String key) {
        return new BooleanQuery.Builder()
                .add(new PrefixQuery(new Term(TermFields.NAME_SUFFIX, key)), Occur.MUST)
                .add(nameStartsWith(key), Occur.MUST_NOT)
                .build();
    }

    private static Query boost(Query query, float weight) {
        return weight == 1f ? query : new BoostQuery(query, weight);
    }
}
