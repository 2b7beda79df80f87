package dev.glossary.term.search.index;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;

import org.apache.lucene.search.ConstantScoreScorer;
import org.apache.lucene.search.ConstantScoreWeight;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.BitSetIterator;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.FixedBitSet;
import org.apache.lucene.util.StringHelper;

/**
 * The documents holding any of some terms (or terms starting with some prefixes), whatever the field,
 * unscored. Each segment's postings are read once, in order, into a bit set: what a word matches is
 * then a bit set, so that counting every word's matches, or any word's, is a few thousand word-wide
 * ANDs or ORs instead of a heap of postings lists advanced in step.
 */
final class WordMatches extends Query {

    private final List<Term> terms;
    private final List<Term> prefixes;
    /** The search's bit sets, shared with its ranking (not part of what the query is). */
    private final TermBits bits;

    WordMatches(List<Term> terms, List<Term> prefixes, TermBits bits) {
        this.terms = List.copyOf(terms);
        this.prefixes = List.copyOf(prefixes);
        this.bits = bits;
    }

    @Override
    public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) {
        return new ConstantScoreWeight(this, boost) {
            @Override
            public Scorer scorer(LeafReaderContext context) throws IOException {
                FixedBitSet docs = WordMatches.this.docs(context);
                return docs == null ? null : new ConstantScoreScorer(this, score(), scoreMode, new BitSetIterator(docs, docs.cardinality()));
            }

            @Override
            public boolean isCacheable(LeafReaderContext context) {
                return false; // made per search: caching would only evict what is worth keeping
            }
        };
    }

    /** The segment's documents with any of the terms, in a bit set of the caller's; null for none. */
    FixedBitSet docs(LeafReaderContext context) throws IOException {
        LeafReader reader = context.reader();
        FixedBitSet docs = null;
        PostingsEnum postings = null;
        for (Term term : terms) {
            TermBits.Docs termDocs = bits.of(context, term);
            if (termDocs != null) {
                docs = docs == null ? new FixedBitSet(reader.maxDoc()) : docs;
                termDocs.orInto(docs);
            }
        }
        for (Term prefix : prefixes) {
            Terms fieldTerms = reader.terms(prefix.field());
            if (fieldTerms == null) {
                continue;
            }
            TermsEnum each = fieldTerms.iterator();
            if (each.seekCeil(prefix.bytes()) == TermsEnum.SeekStatus.END) {
                continue;
            }
            for (BytesRef term = each.term(); term != null && StringHelper.startsWith(term, prefix.bytes()); term = each.next()) {
                postings = each.postings(postings, PostingsEnum.NONE);
                docs = docs == null ? new FixedBitSet(reader.maxDoc()) : docs;
                docs.or(postings);
            }
        }
        return docs;
    }

    @Override
    public void visit(QueryVisitor visitor) {
        visitor.visitLeaf(this);
    }

    @Override
    public String toString(String field) {
        return "WordMatches(" + terms + ", prefixes " + prefixes + ")";
    }

    @Override
    public boolean equals(Object other) {
        return sameClassAs(other) && terms.equals(((WordMatches) other).terms) && prefixes.equals(((WordMatches) other).prefixes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(classHash(), terms, prefixes);
    }
}
