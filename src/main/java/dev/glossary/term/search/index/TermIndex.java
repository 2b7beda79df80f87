package dev.glossary.term.search.index;

import dev.glossary.common.Page;
import dev.glossary.common.PageRequest;
import dev.glossary.term.TermSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopFieldCollector;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TwoPhaseIterator;
import org.apache.lucene.search.Weight;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.MMapDirectory;
import org.apache.lucene.util.Bits;
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
    /** The typos looked up in the current reader (replaced with the reader). */
    private volatile TypoWords.Cache typos;

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
                TermQueries.Words words = TermQueries.words(q, searcher.getIndexReader(), typos(searcher.getIndexReader()));
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

    private TypoWords.Cache typos(IndexReader reader) {
        TypoWords.Cache cache = typos;
        if (cache == null || !cache.isFor(reader)) {
            cache = new TypoWords.Cache(reader);
            typos = cache; // a search on an older reader may still replace it: the next one puts it back
        }
        return cache;
    }

    private static Page<TermSummary> page(IndexSearcher searcher, TermQueries.Search search, String initial, Collection<String> slugs,
                                          TermSearchIndex.Order order, PageRequest page) throws IOException {
        BooleanQuery.Builder filtered = new BooleanQuery.Builder().add(search.matching(), Occur.FILTER);
        if (initial != null) {
            filtered.add(new TermQuery(new Term(TermFields.INITIAL, initial)), Occur.FILTER);
        }
        if (slugs != null) {
            filtered.add(new TermInSetQuery(TermFields.SLUG, slugs.stream().map(BytesRef::new).toList()), Occur.FILTER);
        }
        Query matching = filtered.build();
        int wanted = (int) (page.offset() + page.size());
        if (order != TermSearchIndex.Order.RELEVANCE) {
            Sort sort = order == TermSearchIndex.Order.NAME ? BY_NAME : BY_UPDATED_DESC;
            TopDocs top = searcher.search(matching, new TopFieldCollectorManager(sort, wanted, null, Integer.MAX_VALUE));
            return Page.of(summaries(searcher, top.scoreDocs, (int) page.offset()), page, Math.toIntExact(top.totalHits.value));
        }
        return byRelevance(searcher, matching, search.scoring(), wanted, page);
    }

    /**
     * Every found document is scored, for the count is exact anyway: each weighed clause walks its
     * postings in step with the found documents (skipping ahead between them), its scores summed per
     * document, and Lucene's own collector keeps the page by score, then name. Letting Lucene score the
     * whole query cost more (3.8-5.1 ms of CPU per search at 100,000 terms against 3.5 ms): its nested
     * disjunctions advance a heap of every clause at each of thousands of documents, and at the top
     * of a query (MaxScore) it scores the many documents that match one word in the name but are no hit.
     */
    private static Page<TermSummary> byRelevance(IndexSearcher searcher, Query matching, BooleanQuery scoring, int wanted,
                                                 PageRequest page) throws IOException {
        Weight found = searcher.createWeight(searcher.rewrite(matching), ScoreMode.COMPLETE_NO_SCORES, 1f);
        List<Weight> clauses = new ArrayList<>(scoring.clauses().size());
        for (BooleanClause clause : scoring.clauses()) {
            clauses.add(searcher.createWeight(searcher.rewrite(clause.getQuery()), ScoreMode.COMPLETE, 1f));
        }
        TopFieldCollector ranking = new TopFieldCollectorManager(BY_RELEVANCE, wanted, null, Integer.MAX_VALUE).newCollector();
        int total = 0;
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            int[] docs = foundIn(found, leaf);
            if (docs.length == 0) {
                continue;
            }
            total += docs.length;
            double[] scores = new double[docs.length];
            for (Weight clause : clauses) {
                Scorer scorer = clause.scorer(leaf);
                if (scorer != null) {
                    addScores(scorer, docs, scores);
                }
            }
            LeafCollector collector = ranking.getLeafCollector(leaf);
            ScoreOf scoreOf = new ScoreOf(docs, scores);
            collector.setScorer(scoreOf);
            for (scoreOf.at = 0; scoreOf.at < docs.length; scoreOf.at++) {
                collector.collect(docs[scoreOf.at]);
            }
        }
        if (total <= page.offset()) {
            return Page.of(List.of(), page, total);
        }
        return Page.of(summaries(searcher, ranking.topDocs().scoreDocs, (int) page.offset()), page, total);
    }

    /** The live documents of a segment that a weight matches, in order. */
    private static int[] foundIn(Weight found, LeafReaderContext leaf) throws IOException {
        Scorer scorer = found.scorer(leaf);
        if (scorer == null) {
            return new int[0];
        }
        Bits live = leaf.reader().getLiveDocs();
        DocIdSetIterator docs = scorer.iterator();
        int[] matched = new int[Math.toIntExact(Math.min(docs.cost(), leaf.reader().maxDoc()))];
        int count = 0;
        for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
            if (live == null || live.get(doc)) {
                matched = count == matched.length ? Arrays.copyOf(matched, count * 2 + 1) : matched;
                matched[count++] = doc;
            }
        }
        return Arrays.copyOf(matched, count);
    }

    /** Adds a clause's score to each found document it matches, leaping over the stretches between them. */
    private static void addScores(Scorer scorer, int[] docs, double[] scores) throws IOException {
        TwoPhaseIterator twoPhase = scorer.twoPhaseIterator();
        DocIdSetIterator candidates = twoPhase == null ? scorer.iterator() : twoPhase.approximation();
        int at = 0;
        while (at < docs.length) {
            int doc = candidates.docID() < docs[at] ? candidates.advance(docs[at]) : candidates.docID();
            if (doc == DocIdSetIterator.NO_MORE_DOCS) {
                return;
            }
            if (doc == docs[at]) {
                if (twoPhase == null || twoPhase.matches()) {
                    scores[at] += scorer.score();
                }
                at++;
            } else {
                int next = Arrays.binarySearch(docs, at + 1, docs.length, doc);
                at = next >= 0 ? next : -next - 1;
            }
        }
    }

    /** The summed score of the found document being collected. */
    private static final class ScoreOf extends Scorable {
        private final int[] docs;
        private final double[] scores;
        int at;

        ScoreOf(int[] docs, double[] scores) {
            this.docs = docs;
            this.scores = scores;
        }

        @Override
        public float score() {
            return (float) scores[at];
        }

        @Override
        public int docID() {
            return docs[at];
        }
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
