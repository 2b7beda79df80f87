package dev.glossary.term.search.index;

import dev.glossary.term.TermSummary;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.util.BytesRef;

/** The fields of a term's document, and the summary a hit answers with (stored, so a search reads no database). */
final class TermFields {

    /** The term's database id: the key of upserts and deletes, and the last tie-breaker of -updatedAt. */
    static final String ID = "id";
    static final String SLUG = "slug";
    /** English-analysed text, one field per source, so that each weighs its own. */
    static final String NAME = "name";
    static final String ALIAS = "alias";
    static final String SHORT = "short";
    static final String DESCRIPTION = "description";
    /** Words as written, for exact words, typos and prefixes (a stem is no base to count edits from). */
    static final String NAME_PLAIN = "name_plain";
    static final String ALIAS_PLAIN = "alias_plain";
    static final String SHORT_PLAIN = "short_plain";
    /** Every prefix of every name word as written: "a name word starts with" is one term, not an expansion. */
    static final String NAME_PREFIX = "name_prefix";
    /** Every prefix of the name's first word: a name that starts with what a reader typed is likelier meant. */
    static final String NAME_START = "name_start";
    /** The folded name whole (exact match, "starts with"), its sort key, and every word-suffix of it ("has a word starting with"). */
    static final String NAME_KEY = "name_key";
    static final String NAME_SUFFIX = "name_suffix";
    /** The name's stems whole: "Foundation Models" is the whole name Foundation Model. */
    static final String NAME_STEMS = "name_stems";
    static final String ALIAS_KEY = "alias_key";
    static final String INITIAL = "initial";
    /** lower(name), as listings sort. */
    static final String SORT_NAME = "sort_name";
    static final String UPDATED = "updated";
    /**
     * What a hit answers with: slug, name and short definition, NUL-separated (PostgreSQL text holds no
     * NUL). Doc values rather than stored fields: a stored document is read by decompressing the block
     * around it (15 us each, a sixth of a search's CPU for a page of 20); doc values are read as they are.
     */
    static final String SUMMARY = "summary";
    private static final char SEPARATOR = '\0';

    /** Searched word by word, never as a phrase: no positions to store. */
    private static final FieldType WORDS = new FieldType(TextField.TYPE_NOT_STORED);
    /** Scored by the name's length only: of the names a prefix matches, the shortest is likeliest meant. */
    private static final FieldType PREFIXES = new FieldType(TextField.TYPE_NOT_STORED);

    static {
        WORDS.setIndexOptions(IndexOptions.DOCS_AND_FREQS);
        WORDS.freeze();
        PREFIXES.setIndexOptions(IndexOptions.DOCS);
        PREFIXES.freeze();
    }

    private TermFields() {
    }

    static Document document(IndexedTerm term) {
        Document doc = new Document();
        String id = Long.toString(term.id());
        doc.add(new StringField(ID, id, Field.Store.NO));
        doc.add(new NumericDocValuesField(ID, term.id()));
        doc.add(new StringField(SLUG, term.slug(), Field.Store.NO));
        doc.add(new TextField(NAME, term.name(), Field.Store.NO));
        doc.add(new Field(NAME_PLAIN, term.name(), WORDS));
        doc.add(new Field(NAME_PREFIX, term.name(), PREFIXES));
        doc.add(new TextField(SHORT, term.shortDefinition(), Field.Store.NO));
        doc.add(new Field(SHORT_PLAIN, term.shortDefinition(), WORDS));
        doc.add(new TextField(DESCRIPTION, term.description(), Field.Store.NO));
        for (String alias : term.aliases()) {
            String words = alias.replace('-', ' ');
            doc.add(new Field(ALIAS, words, WORDS));
            doc.add(new Field(ALIAS_PLAIN, words, WORDS));
            doc.add(new StringField(ALIAS_KEY, words, Field.Store.NO));
        }
        if (term.aliases().isEmpty()) {
            // No words, but a length (0) all the same: with every document holding one, the alias fields'
            // lengths are read directly by position when a match is scored, not looked up in a sparse list
            // (5 % of a search's CPU at 100,000 terms, half of which have no alias). Scores do not change:
            // the field's statistics count only the documents with words in it.
            doc.add(new Field(ALIAS, "", WORDS));
            doc.add(new Field(ALIAS_PLAIN, "", WORDS));
        }
        String key = TermAnalysis.fold(term.name());
        int firstSpace = key.indexOf(' ');
        doc.add(new Field(NAME_START, firstSpace < 0 ? key : key.substring(0, firstSpace), PREFIXES));
        doc.add(new StringField(NAME_KEY, key, Field.Store.NO));
        doc.add(new SortedDocValuesField(NAME_KEY, new BytesRef(key)));
        String stems = stems(term.name());
        if (!stems.isEmpty()) {
            doc.add(new StringField(NAME_STEMS, stems, Field.Store.NO));
        }
        for (String suffix : wordSuffixes(key)) {
            doc.add(new StringField(NAME_SUFFIX, suffix, Field.Store.NO));
        }
        doc.add(new StringField(INITIAL, term.initial(), Field.Store.NO));
        doc.add(new SortedDocValuesField(SORT_NAME, new BytesRef(term.name().toLowerCase(Locale.ROOT))));
        doc.add(new NumericDocValuesField(UPDATED, term.updatedAtMicros()));
        doc.add(new BinaryDocValuesField(SUMMARY, summaryBytes(term)));
        return doc;
    }

    /** A text's English stems, space-separated. */
    static String stems(String text) {
        return String.join(" ", TermAnalysis.terms(TermAnalysis.ENGLISH, NAME, text));
    }

    /** "deep neural network" → itself, "neural network", "network". */
    static Set<String> wordSuffixes(String key) {
        Set<String> suffixes = new LinkedHashSet<>();
        for (int at = 0; at >= 0; at = key.indexOf(' ', at) < 0 ? -1 : key.indexOf(' ', at) + 1) {
            if (at < key.length()) {
                suffixes.add(key.substring(at));
            }
        }
        return suffixes;
    }

    private static BytesRef summaryBytes(IndexedTerm term) {
        return new BytesRef(term.slug() + SEPARATOR + term.name() + SEPARATOR + term.shortDefinition());
    }

    static TermSummary summary(BytesRef bytes) {
        String text = bytes.utf8ToString();
        int afterSlug = text.indexOf(SEPARATOR);
        int afterName = text.indexOf(SEPARATOR, afterSlug + 1);
        return new TermSummary(text.substring(0, afterSlug), text.substring(afterSlug + 1, afterName), text.substring(afterName + 1));
    }
}
