package dev.glossary.term.search.index;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.util.FixedBitSet;

/**
 * The documents of each term a search reads, per segment, as bit sets: read once for what the search
 * finds ({@link WordMatches}), then again for free to tell which documents each scoring clause can
 * match at all ({@link TermIndex}'s ranking). One per search, on one thread.
 */
final class TermBits {

    private final Map<Integer, Map<Term, FixedBitSet>> bySegment = new HashMap<>(2);
    private PostingsEnum postings;

    /** The segment's documents holding a term, or null when none does; not to be changed. */
    FixedBitSet of(LeafReaderContext leaf, Term term) throws IOException {
        Map<Term, FixedBitSet> segment = bySegment.computeIfAbsent(leaf.ord, ord -> new HashMap<>());
        if (segment.containsKey(term)) {
            return segment.get(term);
        }
        FixedBitSet docs = null;
        Terms terms = leaf.reader().terms(term.field());
        if (terms != null) {
            TermsEnum each = terms.iterator();
            if (each.seekExact(term.bytes())) {
                postings = each.postings(postings, PostingsEnum.NONE);
                docs = new FixedBitSet(leaf.reader().maxDoc());
                docs.or(postings);
            }
        }
        segment.put(term, docs);
        return docs;
    }
}
