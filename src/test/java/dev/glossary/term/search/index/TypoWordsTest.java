package dev.glossary.term.search.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.junit.jupiter.api.Test;

/** The words a typo stands for, found once for every field and segment. */
class TypoWordsTest {

    @Test
    void shouldCountASwapOfNeighboursAsOneEdit() {
        assertEquals(1, TypoWords.distance("tunning", "tuning"));
        assertEquals(1, TypoWords.distance("lanugage", "language"));
        assertEquals(2, TypoWords.distance("lnaugage", "language"));
        assertEquals(0, TypoWords.distance("model", "model"));
    }

    @Test
    void shouldFindTheWordsWithinTheEditsInEveryFieldAndSegment() throws IOException {
        try (Directory directory = new ByteBuffersDirectory()) {
            try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(TermAnalysis.INDEX))) {
                writer.addDocument(TermFields.document(term(1, "Fine-Tuning", "Adapting a model.")));
                writer.commit(); // a second segment for the second term
                writer.addDocument(TermFields.document(term(2, "Prompt Tuning", "Tunes prompts, not weights.")));
            }
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                List<TypoWords.Similar> similar = TypoWords.similar(reader, "tunning", 1);
                assertEquals(List.of(new TypoWords.Similar(TermFields.NAME_PLAIN, "tuning", 1f - 1f / 6)),
                        similar.stream().filter(word -> word.field().equals(TermFields.NAME_PLAIN)).toList());
                // The short definition needs the first letter right: "tunes" is 2 edits away, "tuning" absent there.
                assertEquals(List.of(), similar.stream().filter(word -> word.field().equals(TermFields.SHORT_PLAIN)).toList());
            }
        }
    }

    @Test
    void shouldLookATypoUpOncePerReaderOfTheIndex() throws IOException {
        try (Directory directory = new ByteBuffersDirectory()) {
            try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(TermAnalysis.INDEX))) {
                writer.addDocument(TermFields.document(term(1, "Fine-Tuning", "Adapting a model.")));
            }
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                TypoWords.Cache typos = new TypoWords.Cache(reader);
                List<TypoWords.Similar> first = typos.similar("tunning", 1);
                assertSame(first, typos.similar("tunning", 1));
                assertEquals(TypoWords.similar(reader, "tunning", 1), first);
                assertNotSame(first, typos.similar("tunning", 2)); // another distance is another lookup
                assertTrue(typos.isFor(reader));
                try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(TermAnalysis.INDEX))) {
                    writer.addDocument(TermFields.document(term(2, "Prompt Tunning", "A typo in a name.")));
                }
                try (DirectoryReader changed = DirectoryReader.openIfChanged(reader)) {
                    assertFalse(typos.isFor(changed)); // a refreshed index may hold new similar words
                }
            }
        }
    }

    private static IndexedTerm term(long id, String name, String shortDefinition) {
        return new IndexedTerm(id, "term-" + id, name, shortDefinition, "", List.of(), name.substring(0, 1), 0);
    }
}
