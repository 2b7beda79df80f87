package dev.glossary.term.search.index;

import dev.glossary.common.Page;
import dev.glossary.common.PageRequest;
import dev.glossary.term.TermSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.MMapDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * One instance's Lucene index of the glossary, on disk in a directory of its own (memory-mapped: the OS
 * keeps it in its page cache, not the heap) and gone when the instance stops. One thread writes
 * ({@link TermIndexSync}); searches run concurrently on the searcher of the last refresh, without locks.
 */
final class TermIndex implements AutoCloseable {

    private static final Sort BY_NAME = new Sort(new SortField(TermFields.SORT_NAME, SortField.Type.STRING));
    private static final Sort BY_RELEVANCE = new Sort(SortField.FIELD_SCORE,
            new SortField(TermFields.SORT_NAME, SortField.Type.STRING));
    private static final Sort BY_UPDATED_DESC = new Sort(new SortField(TermFields.UPDATED, SortField.Type.LONG, true),
            new SortField(TermFields.ID, SortField.Type.LONG, true));
    private static final Sort BY_NAME_KEY = new Sort(new SortField(TermFields.NAME_KEY, SortField.Type.STRING),
            new SortField(TermFields.SORT_NAME, SortField.Type.STRING));

    /** Searches of each kind run before the first reader's, spread over the index. */
    private static final int WARM_UPS = 50;

    private final Path folder;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;

    /** An empty index in a new folder under {@code parent}. */
    TermIndex(Path parent) throws IOException {
        Files.createDirectories(parent);
        this.folder = Files.createTempDirectory(parent, "term-index-");
        this.directory = new MMapDirectory(folder);
        IndexWriterConfig config = new IndexWriterConfig(TermAnalysis.INDEX)
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                .setCommitOnClose(false); // nothing outlives the instance
        this.writer = new IndexWriter(directory, config);
        this.searchers = new SearcherManager(writer, null);
    }

    /** For the build, into an empty index: no older document to replace, so no delete to buffer per term. */
    void add(IndexedTerm term) throws IOException {
        writer.addDocument(TermFields.document(term));
    }

    void upsert(IndexedTerm term) throws IOException {
        writer.updateDocument(idTerm(term.id()), TermFields.document(term));
    }

    void delete(long id) throws IOException {
        writer.deleteDocuments(idTerm(id));
    }

    /** Makes every change applied so far visible to searches that start after this returns. */
    void refresh() throws IOException {
        searchers.maybeRefreshBlocking();
    }

    /**
     * After the build: runs searches of every kind, so that the first readers' searches do not pay for
     * loading and compiling their code (up to 150 ms at 100,000 terms otherwise).
     */
    void warm() throws IOException {
        IndexSearcher searcher = searchers.acquire();
        List<String> names = new ArrayList<>();
        try {
            var stored = searcher.storedFields();
            int docs = searcher.getIndexReader().maxDoc();
            for (int doc = 0; doc < docs; doc += Math.max(1, docs / WARM_UPS)) {
                names.add(stored.document(doc).get(TermFields.NAME));
            }
        } finally {
            searchers.release(searcher);
        }
        PageRequest first = new PageRequest(0, PageRequest.DEFAULT_SIZE);
        for (String name : names) {
            String typo = name.length() < 2 ? name : name.substring(1);
            for (String q : List.of(name, typo, typo + " " + name)) {
                search(q, null, null, TermSearchIndex.Order.RELEVANCE, first);
            }
            suggest(name.substring(0, Math.min(3, name.length())), 10);
        }
    }

    int size() {
        return writer.getDocStats().numDocs;
    }

    /**
     * A page of a search, counted exactly; page numbers reach at most 10,000 deep (the caller checks),
     * so at most that many hits are kept.
     */
    Page<TermSummary> search(String q, String initial, Collection<String> slugs, TermSearchIndex.Order order, PageRequest page) {
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                TermQueries.Words words = TermQueries.words(q, searcher.getIndexReader());
                Page<TermSummary> everyWord = page(searcher, TermQueries.search(words, true), initial, slugs, order, page);
                if (everyWord.totalItems() > 0 || words.words().size() < 2) {
                    return everyWord;
                }
                // No term has every word: any will do.
                return page(searcher, TermQueries.search(words, false), initial, slugs, order, page);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Page<TermSummary> page(IndexSearcher searcher, Query matching, String initial, Collection<String> slugs,
                                          TermSearchIndex.Order order, PageRequest page) throws IOException {
        BooleanQuery.Builder query = new BooleanQuery.Builder().add(matching, Occur.MUST);
        if (initial != null) {
            query.add(new TermQuery(new Term(TermFields.INITIAL, initial)), Occur.FILTER);
        }
        if (slugs != null) {
            query.add(new TermInSetQuery(TermFields.SLUG, slugs.stream().map(BytesRef::new).toList()), Occur.FILTER);
        }
        Sort sort = switch (order) {
            case RELEVANCE -> BY_RELEVANCE;
            case NAME -> BY_NAME;
            case UPDATED_DESC -> BY_UPDATED_DESC;
        };
        int wanted = (int) (page.offset() + page.size());
        // One pass ranks and counts: every match is visited for an exact total anyway, so skipping
        // hits that cannot reach the page (block-max WAND) would save nothing and a second pass costs.
        TopDocs top = searcher.search(query.build(), new TopFieldCollectorManager(sort, wanted, null, Integer.MAX_VALUE));
        int total = Math.toIntExact(top.totalHits.value);
        return Page.of(summaries(searcher, top.scoreDocs, (int) page.offset()), page, total);
    }

    /** Type-ahead: names starting with q first, then names with a later word starting with it, each in name order. */
    List<TermSummary> suggest(String q, int limit) {
        String key = TermAnalysis.fold(q);
        if (key.isEmpty()) {
            return List.of();
        }
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                List<TermSummary> found = new ArrayList<>(top(searcher, TermQueries.nameStartsWith(key), limit));
                if (found.size() < limit) {
                    found.addAll(top(searcher, TermQueries.nameHasWordStartingWith(key), limit - found.size()));
                }
                return found;
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<TermSummary> top(IndexSearcher searcher, Query query, int limit) throws IOException {
        TopDocs top = searcher.search(query, limit, BY_NAME_KEY, false);
        return summaries(searcher, top.scoreDocs, 0);
    }

    private static List<TermSummary> summaries(IndexSearcher searcher, ScoreDoc[] hits, int from) throws IOException {
        List<TermSummary> summaries = new ArrayList<>(Math.max(0, hits.length - from));
        var stored = searcher.storedFields();
        for (int i = from; i < hits.length; i++) {
            Document doc = stored.document(hits[i].doc);
            summaries.add(TermFields.summary(doc));
        }
        return summaries;
    }

    private static Term idTerm(long id) {
        return new Term(TermFields.ID, Long.toString(id));
    }

    /** Closes the index and deletes its folder. */
    @Override
    public void close() throws IOException {
        try (directory) {
            searchers.close();
            writer.rollback(); // closes it without a commit: nothing is to be kept
        } finally {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path file : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
