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

        /** Tells whether it holds documents asked for in increasing order, each sought from where the last was. */
        Cursor cursor() {
            return new Cursor();
        }

        final class Cursor {
            private int at;

            boolean has(int doc) {
                if (many != null) {
                    return many.get(doc);
                }
                at = seek(few, at, doc);
                return at < few.length && few[at] == doc;
            }
        }

        /** Whether it holds any of some documents (sorted). */
        boolean anyOf(int[] docs) {
            Cursor held = cursor();
            for (int doc : docs) {
                if (held.has(doc)) {
                    return true;
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

        /**
         * Where the documents it holds stand among a segment's found documents: their positions, in
         * order, into {@code out} (as long as the found documents); returns how many. A position is a
         * rank over the found bit set, so a term's few documents cost one look-up each, its many a
         * word-wide AND.
         */
        int positionsIn(Found found, int[] out) {
            int count = 0;
            if (many == null) {
                for (int doc : few) {
                    int at = found.positionOf(doc);
                    if (at >= 0) {
                        out[count++] = at;
                    }
                }
                return count;
            }
            long[] foundWords = found.bits.getBits();
            long[] manyWords = many.getBits();
            for (int word = 0; word < foundWords.length; word++) {
                long both = foundWords[word] & manyWords[word];
                while (both != 0) {
                    long lowest = both & -both;
                    out[count++] = found.before[word] + Long.bitCount(foundWords[word] & (lowest - 1));
                    both ^= lowest;
                }
            }
            return count;
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
            int[] at = new int[sets.length]; // each set's position: the documents come in order
            candidates:
            for (int doc : fewest.few) {
                for (int s = 0; s < sets.length; s++) {
                    Docs set = sets[s];
                    if (set == fewest) {
                        continue;
                    }
                    if (set.many == null) {
                        at[s] = seek(set.few, at[s], doc);
                        if (at[s] == set.few.length) {
                            break candidates; // no later document is in this set either
                        }
                        if (set.few[at[s]] != doc) {
                            continue candidates;
                        }
                    } else if (!set.many.get(doc)) {
                        continue candidates;
                    }
                }
                common[count++] = doc;
            }
            return new Docs(Arrays.copyOf(common, count), null);
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
    }

    /**
     * A segment's found documents, in order, and the position of any of them among the others in
     * constant time: how many are found in the 64-document words before its own, plus those below it
     * in its word.
     */
    static final class Found {
        final int[] docs;
        private final FixedBitSet bits;
        private final int[] before;

        /** Takes the bit set over: it must not change afterwards. */
        Found(FixedBitSet bits) {
            this.bits = bits;
            long[] words = bits.getBits();
            this.before = new int[words.length];
            int count = 0;
            for (int word = 0; word < words.length; word++) {
                before[word] = count;
                count += Long.bitCount(words[word]);
            }
            this.docs = new int[count];
            int at = 0;
            for (int word = 0; word < words.length; word++) {
                long left = words[word];
                while (left != 0) {
                    docs[at++] = (word << 6) + Long.numberOfTrailingZeros(left);
                    left &= left - 1;
                }
            }
        }

        /** The position of a document among the found ones; -1 when it is not found. */
        int positionOf(int doc) {
            int word = doc >> 6;
            long words = bits.getBits()[word];
            long bit = 1L << doc; // the shift counts modulo 64
            return (words & bit) == 0 ? -1 : before[word] + Long.bitCount(words & (bit - 1));
        }

        int size() {
            return docs.length;
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
