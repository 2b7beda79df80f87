package dev.glossary.term.search.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import java.util.stream.IntStream;
import org.apache.lucene.util.FixedBitSet;
import org.junit.jupiter.api.Test;

/** A term's documents, held as an array or a bit set, add to the bounds of exactly the documents they hold. */
class TermBitsTest {

    private static final int MAX_DOC = 5_000;

    @Test
    void shouldAddToTheDocumentsItHoldsWhetherFewOrMany() {
        Random random = new Random(23);
        for (int round = 0; round < 200; round++) {
            int[] docs = sortedSample(random, 1 + random.nextInt(MAX_DOC / 2));
            int[] held = sortedSample(random, random.nextInt(MAX_DOC / 4));
            double[] expected = new double[docs.length];
            for (int i = 0; i < docs.length; i++) {
                expected[i] = contains(held, docs[i]) ? 2.5 : 0;
            }

            for (TermBits.Docs set : both(held)) {
                double[] bounds = new double[docs.length];
                set.addIn(docs, bounds, 2.5);
                assertArrayEquals(expected, bounds);
            }
        }
    }

    @Test
    void shouldKeepTheBestAndTheSumOfTheDocumentsItHolds() {
        Random random = new Random(24);
        for (int round = 0; round < 200; round++) {
            int[] docs = sortedSample(random, 1 + random.nextInt(MAX_DOC / 2));
            int[] held = sortedSample(random, random.nextInt(MAX_DOC / 4));
            for (TermBits.Docs set : both(held)) {
                double[] top = new double[docs.length];
                double[] sum = new double[docs.length];
                top[0] = 3; // a better field already seen for the first document
                sum[0] = 3;
                set.maxAndSumIn(docs, top, sum, 2);

                for (int i = 0; i < docs.length; i++) {
                    boolean has = contains(held, docs[i]);
                    double before = i == 0 ? 3 : 0;
                    assertArrayEquals(new double[] {has ? Math.max(before, 2) : before, has ? before + 2 : before},
                            new double[] {top[i], sum[i]}, "document " + docs[i]);
                }
            }
        }
    }

    private static TermBits.Docs[] both(int[] held) {
        FixedBitSet bits = new FixedBitSet(MAX_DOC);
        for (int doc : held) {
            bits.set(doc);
        }
        return new TermBits.Docs[] {new TermBits.Docs(held, null), new TermBits.Docs(null, bits)};
    }

    private static int[] sortedSample(Random random, int count) {
        return IntStream.generate(() -> random.nextInt(MAX_DOC)).limit(count).distinct().sorted().toArray();
    }

    private static boolean contains(int[] sorted, int doc) {
        return java.util.Arrays.binarySearch(sorted, doc) >= 0;
    }
}
