package dev.glossary.term.search.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.apache.lucene.util.FixedBitSet;
import org.junit.jupiter.api.Test;

/** A term's documents, held as an array or a bit set, stand exactly where they are among a segment's found documents. */
class TermBitsTest {

    private static final int MAX_DOC = 5_000;

    @Test
    void shouldListTheFoundDocumentsInOrderAndTellEachOnesPosition() {
        Random random = new Random(22);
        for (int round = 0; round < 200; round++) {
            int[] docs = sortedSample(random, random.nextInt(MAX_DOC / 2));
            TermBits.Found found = new TermBits.Found(bits(docs));

            assertArrayEquals(docs, found.docs);
            for (int doc = 0; doc < MAX_DOC; doc++) {
                assertEquals(Arrays.binarySearch(docs, doc) >= 0 ? Arrays.binarySearch(docs, doc) : -1, found.positionOf(doc),
                        "document " + doc);
            }
        }
    }

    @Test
    void shouldFindThePositionsOfTheDocumentsItHoldsWhetherFewOrMany() {
        Random random = new Random(23);
        for (int round = 0; round < 200; round++) {
            int[] docs = sortedSample(random, 1 + random.nextInt(MAX_DOC / 2));
            int[] held = sortedSample(random, random.nextInt(MAX_DOC / 4));
            int[] expected = IntStream.range(0, docs.length).filter(i -> contains(held, docs[i])).toArray();
            TermBits.Found found = new TermBits.Found(bits(docs));

            for (TermBits.Docs set : both(held)) {
                int[] positions = new int[docs.length];
                int count = set.positionsIn(found, positions);
                assertArrayEquals(expected, Arrays.copyOf(positions, count));
            }
        }
    }

    @Test
    void shouldTellWhetherItHoldsDocumentsAskedForInOrder() {
        Random random = new Random(25);
        for (int round = 0; round < 200; round++) {
            int[] held = sortedSample(random, random.nextInt(MAX_DOC / 4));
            int[] asked = sortedSample(random, random.nextInt(MAX_DOC / 2));
            for (TermBits.Docs set : both(held)) {
                TermBits.Docs.Cursor cursor = set.cursor();
                for (int doc : asked) {
                    assertEquals(contains(held, doc), cursor.has(doc), "document " + doc);
                }
            }
        }
    }

    @Test
    void shouldKeepTheDocumentsEverySetHoldsWhetherFewOrMany() {
        Random random = new Random(24);
        for (int round = 0; round < 200; round++) {
            int[][] held = new int[2 + random.nextInt(3)][];
            TermBits.Docs[] sets = new TermBits.Docs[held.length];
            for (int s = 0; s < held.length; s++) {
                held[s] = sortedSample(random, random.nextInt(MAX_DOC));
                sets[s] = both(held[s])[random.nextInt(2)];
            }
            int[] expected = IntStream.range(0, MAX_DOC).filter(doc -> Arrays.stream(held).allMatch(set -> contains(set, doc))).toArray();

            int[] positions = new int[MAX_DOC];
            int count = TermBits.Docs.all(sets).positionsIn(new TermBits.Found(bits(IntStream.range(0, MAX_DOC).toArray())), positions);

            assertArrayEquals(expected, Arrays.copyOf(positions, count));
        }
    }

    private static TermBits.Docs[] both(int[] held) {
        return new TermBits.Docs[] {new TermBits.Docs(held, null), new TermBits.Docs(null, bits(held))};
    }

    private static FixedBitSet bits(int[] docs) {
        FixedBitSet bits = new FixedBitSet(MAX_DOC);
        for (int doc : docs) {
            bits.set(doc);
        }
        return bits;
    }

    private static int[] sortedSample(Random random, int count) {
        return IntStream.generate(() -> random.nextInt(MAX_DOC)).limit(count).distinct().sorted().toArray();
    }

    private static boolean contains(int[] sorted, int doc) {
        return Arrays.binarySearch(sorted, doc) >= 0;
    }
}
