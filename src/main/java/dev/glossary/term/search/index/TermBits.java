package dev.glossary.term.search.index;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.FixedBitSet;

/**
 * The documents of each term a search reads, per segment: read once for what the search finds
 * ({@link WordMatches}), then again for free to tell which documents each scoring clause can match
 * at all ({@link TermIndex}'s ranking). One per search, on one thread.
 */
final class TermBits {

    /** A term held by fewer than this share of a segment's documents is kept as an array of them. */
    private static final int FEW_SHIFT = 5;

    private final Map<Integer, Map<Term, Docs>> bySegment = new HashMap<>(2);
    /** One terms enum per segment and field, sought again for each term: a new one allocates its frames anew. */
    private final Map<Integer, Map<String, TermsEnum>> enums = new HashMap<>(2);
    private PostingsEnum postings;

    /**
     * A term's documents in a segment: a sorted array when few (most name and alias words), a bit
     * set when many. A bit set of a 100,000-document segment is 12 KB, and a search reads some
     * twenty terms; twenty concurrent searches' worth outlives a young collection in a small heap.
     */
    static final class Docs {
        static final Docs NONE = new Docs(new int[0], null);

        private final int[] few;
        private final FixedBitSet many;

        Docs(int[] few, FixedBitSet many) {
            this.few = few;
            this.many = many;
        }

        boolean has(int doc) {
            return many != null ? many.get(doc) : Arrays.binarySearch(few, doc) >= 0;
        }

        /** Whether it holds any of some documents (sorted). */
        boolean anyOf(int[] docs) {
            if (many != null) {
                for (int doc : docs) {
                    if (many.get(doc)) {
                        return true;
                    }
                }
                return false;
            }
            int i = 0;
            int j = 0;
            while (i < docs.length && j < few.length) {
                if (docs[i] == few[j]) {
                    return true;
                }
                if (docs[i] < few[j]) {
                    i++;
                } else {
                    j++;
                }
            }
            return false;
        }

        void orInto(FixedBitSet target) {
            if (many != null) {
                target.or(many);
            } else {
                for (int doc : few) {
                    target.set(doc);
                }
            }
        }

        /** Adds {@code amount} to {@code to[i]} for every {@code docs[i]} (sorted) it holds. */
        void addIn(int[] docs, double[] to, double amount) {
            if (many != null) {
                for (int i = 0; i < docs.length; i++) {
                    if (many.get(docs[i])) {
                        to[i] += amount;
                    }
                }
                return;
            }
            for (int j = 0, i = 0; j < few.length && i < docs.length; j++) {
                i = seek(docs, i, few[j]);
                if (i < docs.length && docs[i] == few[j]) {
                    to[i++] += amount;
                }
            }
        }

        /** For every {@code docs[i]} (sorted) it holds, keeps the larger of {@code top[i]} and {@code amount}, and adds it to {@code sum[i]}. */
        void maxAndSumIn(int[] docs, double[] top, double[] sum, double amount) {
            if (many != null) {
                for (int i = 0; i < docs.length; i++) {
                    if (many.get(docs[i])) {
                        top[i] = Math.max(top[i], amount);
                        sum[i] += amount;
                    }
                }
                return;
            }
            for (int j = 0, i = 0; j < few.length && i < docs.length; j++) {
                i = seek(docs, i, few[j]);
                if (i < docs.length && docs[i] == few[j]) {
                    top[i] = Math.max(top[i], amount);
                    sum[i++] += amount;
                }
            }
        }

        /**
         * The first index from {@code from} whose document is at least {@code doc}: leaps of doubling
         * length, then a binary search within the last, since the next document held is usually near.
         */
        private static int seek(int[] docs, int from, int doc) {
            int step = 1;
            int low = from;
            int high = from;
            while (high < docs.length && docs[high] < doc) {
                low = high + 1;
                high = from + step;
                step <<= 1;
            }
            int at = Arrays.binarySearch(docs, low, Math.min(high, docs.length - 1) + 1, doc);
            return at >= 0 ? at : -at - 1;
        }

        /** The documents every one of some sets holds. */
        static Docs all(Docs[] sets) {
            Docs fewest = null;
            for (Docs set : sets) {
                if (set.many == null && (fewest == null || set.few.length < fewest.few.length)) {
                    fewest = set;
                }
            }
            if (fewest == null) {
                FixedBitSet common = sets[0].many.clone();
                for (Docs set : sets) {
                    common.and(set.many);
                }
                return new Docs(null, common);
            }
            int[] common = new int[fewest.few.length];
            int count = 0;
            for (int doc : fewest.few) {
                boolean everywhere = true;
                for (Docs set : sets) {
                    everywhere &= set == fewest || set.has(doc);
                }
                if (everywhere) {
                    common[count++] = doc;
                }
            }
            return new Docs(Arrays.copyOf(common, count), null);
        }
    }

    /** The segment's documents holding a term, or null when none does; not to be changed. */
    Docs of(LeafReaderContext leaf, Term term) throws IOException {
        Map<Term, Docs> segment = bySegment.computeIfAbsent(leaf.ord, ord -> new HashMap<>());
        if (segment.containsKey(term)) {
            return segment.get(term);
        }
        Docs docs = null;
        TermsEnum each = termsEnum(leaf, term.field());
        if (each != null) {
            if (each.seekExact(term.bytes())) {
                int maxDoc = leaf.reader().maxDoc();
                postings = each.postings(postings, PostingsEnum.NONE);
                if (each.docFreq() < maxDoc >>> FEW_SHIFT) {
                    int[] few = new int[each.docFreq()];
                    int count = 0;
                    for (int doc = postings.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.nextDoc()) {
                        few[count++] = doc;
                    }
                    docs = new Docs(count == few.length ? few : Arrays.copyOf(few, count), null);
                } else {
                    FixedBitSet many = new FixedBitSet(maxDoc);
                    many.or(postings);
                    docs = new Docs(null, many);
                }
            }
        }
        segment.put(term, docs);
        return docs;
    }

    private TermsEnum termsEnum(LeafReaderContext leaf, String field) throws IOException {
        Map<String, TermsEnum> segment = enums.computeIfAbsent(leaf.ord, ord -> new HashMap<>());
        if (!segment.containsKey(field)) {
            Terms terms = leaf.reader().terms(field);
            segment.put(field, terms == null ? null : terms.iterator());
        }
        return segment.get(field);
    }
}
