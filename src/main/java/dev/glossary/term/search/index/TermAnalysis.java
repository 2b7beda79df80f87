package dev.glossary.term.search.index;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.charfilter.MappingCharFilter;
import org.apache.lucene.analysis.charfilter.NormalizeCharMap;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/** How text becomes index terms: lower case and accents folded everywhere; English stems for the text fields. */
final class TermAnalysis {

    private static final Pattern NOT_A_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    /** Unicode keeps "a:b" one word (a colon joins letters in Swedish); here it parts words, so "title:gpt" is two. */
    private static final NormalizeCharMap COLON_PARTS;

    static {
        NormalizeCharMap.Builder map = new NormalizeCharMap.Builder();
        map.add(":", " ");
        COLON_PARTS = map.build();
    }

    /** Words as written (folded): exact word matches, typos and prefixes are measured against these. */
    static final Analyzer PLAIN = wordsThen(TermAnalysis::folded);

    /** The first {@link TermQueries#MIN_PREFIX_LENGTH} to {@link TermQueries#MAX_PREFIX_LENGTH} letters of each word as written. */
    static final Analyzer PREFIXES = wordsThen(words ->
            new EdgeNGramTokenFilter(folded(words), TermQueries.MIN_PREFIX_LENGTH, TermQueries.MAX_PREFIX_LENGTH, false));

    /** EnglishAnalyzer's chain with accent folding before the stop words and the stemmer: "Réseaux" finds "reseau". */
    static final Analyzer ENGLISH = wordsThen(words -> new PorterStemFilter(
            new StopFilter(folded(new EnglishPossessiveFilter(words)), EnglishAnalyzer.ENGLISH_STOP_WORDS_SET)));

    /** The writer's analyzer: plain for the *_plain fields, prefixes for name_prefix, English for the rest (keyword fields are not analyzed). */
    static final Analyzer INDEX = new PerFieldAnalyzerWrapper(ENGLISH, Map.of(
            TermFields.NAME_PLAIN, PLAIN, TermFields.ALIAS_PLAIN, PLAIN, TermFields.SHORT_PLAIN, PLAIN,
            TermFields.NAME_PREFIX, PREFIXES, TermFields.NAME_START, PREFIXES));

    private TermAnalysis() {
    }

    /** Standard words, a colon parting them too, then {@code filters}. */
    private static Analyzer wordsThen(Function<TokenStream, TokenStream> filters) {
        return new Analyzer() {
            @Override
            protected Reader initReader(String field, Reader reader) {
                return new MappingCharFilter(COLON_PARTS, reader);
            }

            @Override
            protected TokenStreamComponents createComponents(String field) {
                Tokenizer words = new StandardTokenizer();
                return new TokenStreamComponents(words, filters.apply(words));
            }
        };
    }

    private static TokenStream folded(TokenStream words) {
        return new ASCIIFoldingFilter(new LowerCaseFilter(words));
    }

    /** A name as type-ahead compares it: lower case, accents folded, every run of other characters one space. */
    static String fold(String text) {
        char[] chars = text.toLowerCase(Locale.ROOT).toCharArray();
        char[] folded = new char[chars.length * 4]; // foldToASCII writes at most 4 chars per input char
        int length = ASCIIFoldingFilter.foldToASCII(chars, 0, folded, 0, chars.length);
        return NOT_A_WORD.matcher(new String(folded, 0, length)).replaceAll(" ").strip();
    }

    /** The terms an analyzer makes of a text. */
    static List<String> terms(Analyzer analyzer, String field, String text) {
        List<String> terms = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream(field, text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                terms.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // analysing a String reads no I/O
        }
        return terms;
    }
}
