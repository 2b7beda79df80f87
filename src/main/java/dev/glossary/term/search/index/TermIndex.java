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
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.PhraseQuery;
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
import org.apache.lucene.util.FixedBitSet;
import org.jboss.logging.Logger;

/**
 * One instance's Lucene index of the glossary, on disk in a directory of its own (memory-mapped: the OS
 * keeps it in its page cache, not the heap) and gone when the instance stops. One thread writes
 * ({@link TermIndexSync}); searches run concurrently on the searcher of the last refresh, without locks.
 */
final class TermIndex implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TermIndex.class);

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

    /**
     * Merges the build's segments into one, on a thread of its own, then lets searches see it. A search
     * looks every word up and scores every clause once per segment: at 100,000 terms the build's eight
     * segments cost 40 % more CPU per search than one. Changes go on being applied meanwhile (they land
     * in new segments), and readiness does not wait for it.
     */
    void mergeInBackground() {
        Thread merging = new Thread(() -> {
            long started = System.nanoTime();
            try {
                writer.forceMerge(1);
                searchers.maybeRefreshBlocking();
                LOG.debugf("Search index merged into one segment in %d ms", (System.nanoTime() - started) / 1_000_000);
            } catch (IOException | RuntimeException e) {
                LOG.debugf("Search index not merged (%s): searches stay on its segments", e.toString()); // closed meanwhile
            }
        }, "term-search-index-merge");
        merging.setDaemon(true);
        merging.start();
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
            int docs = searcher.getIndexReader().maxDoc();
            List<ScoreDoc> spread = new ArrayList<>();
            for (int doc = 0; doc < docs; doc += Math.max(1, docs / WARM_UPS)) {
                spread.add(new ScoreDoc(doc, 0f));
            }
            for (TermSummary summary : summaries(searcher, spread.toArray(ScoreDoc[]::new), 0)) {
                names.add(summary.name());
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
                TermBits bits = new TermBits(); // both searches read the same terms
                Page<TermSummary> everyWord = page(searcher, TermQueries.search(words, true, bits), initial, slugs, order, page);
                if (everyWord.totalItems() > 0 || words.words().size() < 2) {
                    return everyWord;
                }
                // No term has every word: any will do.
                return page(searcher, TermQueries.search(words, false, bits), initial, slugs, order, page);
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
        return byRelevance(searcher, matching, search, wanted, page);
    }

    /**
     * Counts every found document and ranks only those that can reach the page. Each scoring clause
     * is bounded by its best score in the segment (its postings' impacts), and a document can only
     * gain the bounds of the clauses whose terms it holds, which the bit sets the count read tell
     * for free (a phrase needs all its terms, a typo any of its similar words). The documents with
     * the highest bounds are scored first; the page's last score among them is then what any other
     * document must be able to reach to be scored at all. Of the thousands of documents that have a
     * common word only in their description, none is scored once the names have filled the page.
     * Lucene's collector keeps the page by score, then name.
     */
    private static Page<TermSummary> byRelevance(IndexSearcher searcher, Query matching, TermQueries.Search search, int wanted,
                                                 PageRequest page) throws IOException {
        List<ClauseWeights> clauses = null;
        TopFieldCollector ranking = new TopFieldCollectorManager(BY_RELEVANCE, wanted, null, Integer.MAX_VALUE).newCollector();
        PageFloor floor = new PageFloor(wanted);
        int total = 0;
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            TermBits.Found found = foundIn(searcher, matching, leaf);
            if (found.size() == 0) {
                continue;
            }
            total += found.size();
            if (clauses == null) {
                clauses = new ArrayList<>(search.scoring().clauses().size());
                for (BooleanClause clause : search.scoring().clauses()) {
                    clauses.add(ClauseWeights.of(searcher, clause.getQuery()));
                }
            }
            Scored scored = rank(clauses, leaf, found, search.bits(), floor);
            LeafCollector collector = ranking.getLeafCollector(leaf);
            collector.setScorer(scored);
            float last = Math.max(floor.score(), scored.pageFloor(wanted));
            for (scored.at = 0; scored.at < scored.count; scored.at++) {
                if (scored.score() >= last) {
                    collector.collect(scored.docs[scored.at]);
                    floor.offer(scored.score());
                }
            }
        }
        if (total <= page.offset()) {
            return Page.of(List.of(), page, total);
        }
        return Page.of(summaries(searcher, ranking.topDocs().scoreDocs, (int) page.offset()), page, total);
    }

    /** Scores those of a segment's found documents that can reach the page; the others are left out. */
    private static Scored rank(List<ClauseWeights> weights, LeafReaderContext leaf, TermBits.Found found, TermBits bits,
                               PageFloor floor) throws IOException {
        List<Clause> clauses = new ArrayList<>(weights.size());
        for (ClauseWeights weight : weights) {
            Clause clause = weight.in(leaf, bits);
            if (clause != null) {
                clauses.add(clause);
            }
        }
        // The most each document can score (a hair more: Lucene sums the same floats in its own order).
        int[] docs = found.docs;
        double[] best = new double[docs.length];
        Bounds bounds = new Bounds(docs.length);
        for (Clause clause : clauses) {
            clause.addBounds(found, best, bounds);
        }
        for (int i = 0; i < best.length; i++) {
            best[i] *= 1 + 1e-5;
        }
        int wanted = floor.size;
        if (docs.length <= wanted) {
            return Scored.of(clauses, leaf, docs);
        }
        // First the documents with the best bounds, as many as the page and as many again.
        float likeliest = PageFloor.kthBest(best, docs.length, Math.min(docs.length, 2 * wanted));
        Scored scored = Scored.of(clauses, leaf, pick(docs, best, b -> b >= likeliest));
        // Then every other document that could still make the page.
        float needed = Math.max(floor.score(), scored.pageFloor(wanted));
        int[] rest = pick(docs, best, b -> (float) b >= needed && b < likeliest);
        return rest.length == 0 ? scored : scored.with(Scored.of(clauses, leaf, rest));
    }

    /**
     * A scoring clause's weight or, for the best of a word's fields (a disjunction max), each field's:
     * a document's bound is then the best of the fields it has the word in, not of all four, and each
     * field skips the documents without the word in it, as a clause of its own does.
     */
    private record ClauseWeights(List<Weight> parts, float otherFields) {
        static ClauseWeights of(IndexSearcher searcher, Query clause) throws IOException {
            if (clause instanceof DisjunctionMaxQuery best) {
                List<Weight> fields = new ArrayList<>();
                for (Query field : best.getDisjuncts()) {
                    fields.add(weight(searcher, field));
                }
                return new ClauseWeights(fields, best.getTieBreakerMultiplier());
            }
            return new ClauseWeights(List.of(weight(searcher, clause)), 0f);
        }

        /** TOP_SCORES: term scorers read their postings' impacts, so a bound is a real best score. */
        private static Weight weight(IndexSearcher searcher, Query query) throws IOException {
            return searcher.createWeight(searcher.rewrite(query), ScoreMode.TOP_SCORES, 1f);
        }

        /** The clause in a segment; null when it matches nothing there. */
        Clause in(LeafReaderContext leaf, TermBits bits) throws IOException {
            List<Part> parts = new ArrayList<>();
            for (Weight weight : this.parts) {
                Scorer scorer = weight.scorer(leaf);
                if (scorer != null) {
                    scorer.advanceShallow(0);
                    parts.add(new Part(weight, reach(weight.getQuery(), leaf, bits), scorer.getMaxScore(DocIdSetIterator.NO_MORE_DOCS),
                            new Scorer[] {scorer}));
                }
            }
            return parts.isEmpty() ? null : new Clause(parts, otherFields);
        }
    }

    /** A clause (or a field of it), the documents it can match in a segment (null: unknown), and its best score there. */
    private record Part(Weight weight, TermBits.Docs reach, float bound, Scorer[] unused) {
        /**
         * A scorer for some documents (in order), or null when the part can match none of them. The
         * one its bound was read from serves first: a term scorer's postings buffers are a few KB,
         * and a search would otherwise make three per clause.
         */
        Scorer scorerFor(LeafReaderContext leaf, int[] docs) throws IOException {
            if (reach != null && !reach.anyOf(docs)) {
                return null;
            }
            Scorer scorer = unused[0];
            unused[0] = null;
            return scorer != null ? scorer : weight.scorer(leaf);
        }
    }

    /**
     * A scoring clause in a segment: one part, or a word's fields, of which the best counts whole and
     * the others {@code otherFields} of theirs.
     */
    private record Clause(List<Part> parts, float otherFields) {
        /** Adds to each found document's bound the most this clause can give it. */
        void addBounds(TermBits.Found found, double[] best, Bounds bounds) {
            if (parts.size() == 1) {
                Part only = parts.get(0);
                if (only.reach() == null) {
                    for (int i = 0; i < best.length; i++) {
                        best[i] += only.bound();
                    }
                } else {
                    int count = only.reach().positionsIn(found, bounds.positions);
                    for (int k = 0; k < count; k++) {
                        best[bounds.positions[k]] += only.bound();
                    }
                }
                return;
            }
            double[] top = bounds.top();
            double[] sum = bounds.sum();
            for (Part part : parts) {
                if (part.reach() == null) {
                    for (int i = 0; i < top.length; i++) {
                        top[i] = Math.max(top[i], part.bound());
                        sum[i] += part.bound();
                    }
                } else {
                    int count = part.reach().positionsIn(found, bounds.positions);
                    for (int k = 0; k < count; k++) {
                        int i = bounds.positions[k];
                        top[i] = Math.max(top[i], part.bound());
                        sum[i] += part.bound();
                    }
                }
            }
            for (int i = 0; i < best.length; i++) {
                best[i] += top[i] + otherFields * (sum[i] - top[i]);
            }
        }
    }

    /** Working arrays of a segment's bounds, one slot per found document, made once per search and segment. */
    private static final class Bounds {
        final int[] positions;
        private double[] top;
        private double[] sum;

        Bounds(int found) {
            this.positions = new int[found];
        }

        /** A word's best field per document, zeroed. */
        double[] top() {
            top = zeroed(top);
            return top;
        }

        /** A word's field sum per document, zeroed. */
        double[] sum() {
            sum = zeroed(sum);
            return sum;
        }

        private double[] zeroed(double[] values) {
            if (values == null) {
                return new double[positions.length];
            }
            Arrays.fill(values, 0);
            return values;
        }
    }

    /** The documents whose bound passes, in order. */
    private static int[] pick(int[] docs, double[] best, java.util.function.DoublePredicate passes) {
        int[] picked = new int[docs.length];
        int count = 0;
        for (int i = 0; i < docs.length; i++) {
            if (passes.test(best[i])) {
                picked[count++] = docs[i];
            }
        }
        return Arrays.copyOf(picked, count);
    }

    /**
     * The documents of a segment a scoring clause can match at all, from its terms' bit sets: a term's
     * documents, a phrase's documents with every term, a typo's with any similar word; null when it
     * cannot be told (a prefix's terms are not read).
     */
    private static TermBits.Docs reach(Query clause, LeafReaderContext leaf, TermBits bits) throws IOException {
        Query query = clause;
        while (query instanceof BoostQuery boosted) {
            query = boosted.getQuery();
        }
        if (query instanceof TermQuery term) {
            return orNone(bits.of(leaf, term.getTerm()));
        }
        if (query instanceof PhraseQuery phrase) {
            Term[] terms = phrase.getTerms();
            TermBits.Docs[] each = new TermBits.Docs[terms.length];
            for (int i = 0; i < terms.length; i++) {
                each[i] = orNone(bits.of(leaf, terms[i]));
            }
            return TermBits.Docs.all(each);
        }
        if (query instanceof BooleanQuery any && any.clauses().stream().allMatch(c -> c.getOccur() == Occur.SHOULD)) {
            FixedBitSet some = new FixedBitSet(leaf.reader().maxDoc());
            for (BooleanClause each : any.clauses()) {
                TermBits.Docs docs = reach(each.getQuery(), leaf, bits);
                if (docs == null) {
                    return null;
                }
                docs.orInto(some);
            }
            return new TermBits.Docs(null, some);
        }
        return null;
    }

    private static TermBits.Docs orNone(TermBits.Docs docs) {
        return docs != null ? docs : TermBits.Docs.NONE;
    }

    /** The live documents of a segment that every filter of a query matches. */
    private static TermBits.Found foundIn(IndexSearcher searcher, Query matching, LeafReaderContext leaf) throws IOException {
        FixedBitSet found = filtered(searcher, matching, leaf);
        if (found == null) {
            return new TermBits.Found(new FixedBitSet(0));
        }
        Bits live = leaf.reader().getLiveDocs();
        if (live instanceof FixedBitSet liveDocs) {
            found.and(liveDocs);
        } else if (live != null) {
            for (int doc = found.nextSetBit(0); doc != DocIdSetIterator.NO_MORE_DOCS; doc = nextSetBit(found, doc + 1)) {
                if (!live.get(doc)) {
                    found.clear(doc);
                }
            }
        }
        return new TermBits.Found(found);
    }

    /**
     * The documents a query's filters all match, ANDed a word at a time (a search's words are bit
     * sets already); null for none. Not to be shared: the caller changes it.
     */
    private static FixedBitSet filtered(IndexSearcher searcher, Query query, LeafReaderContext leaf) throws IOException {
        if (query instanceof WordMatches word) {
            return word.docs(leaf);
        }
        if (query instanceof BooleanQuery filters && filters.clauses().stream().allMatch(c -> c.getOccur() == Occur.FILTER)) {
            FixedBitSet all = null;
            for (BooleanClause filter : filters.clauses()) {
                FixedBitSet docs = filtered(searcher, filter.getQuery(), leaf);
                if (docs == null) {
                    return null;
                }
                all = all == null ? docs : all;
                all.and(docs);
            }
            return all;
        }
        Scorer scorer = searcher.createWeight(searcher.rewrite(query), ScoreMode.COMPLETE_NO_SCORES, 1f).scorer(leaf);
        if (scorer == null) {
            return null;
        }
        FixedBitSet docs = new FixedBitSet(leaf.reader().maxDoc());
        docs.or(scorer.iterator());
        return docs;
    }

    private static int nextSetBit(FixedBitSet bits, int from) {
        return from >= bits.length() ? DocIdSetIterator.NO_MORE_DOCS : bits.nextSetBit(from);
    }

    /**
     * Adds a clause's score to each of some documents it matches, leaping over the stretches between
     * them, and over the documents it cannot match (not in its reach, when known).
     */
    private static void addScores(Scorer scorer, TermBits.Docs reach, int[] docs, double[] scores) throws IOException {
        eachScore(scorer, reach, docs, (i, score) -> scores[i] += score);
    }

    /** Keeps, per document, the best of a word's field scores and their sum. */
    private static void addFieldScores(Scorer scorer, TermBits.Docs reach, int[] docs, double[] top, double[] sum) throws IOException {
        eachScore(scorer, reach, docs, (i, score) -> {
            top[i] = Math.max(top[i], score);
            sum[i] += score;
        });
    }

    private interface ScoreSink {
        void add(int index, float score);
    }

    private static void eachScore(Scorer scorer, TermBits.Docs reach, int[] docs, ScoreSink sink) throws IOException {
        TwoPhaseIterator twoPhase = scorer.twoPhaseIterator();
        DocIdSetIterator candidates = twoPhase == null ? scorer.iterator() : twoPhase.approximation();
        TermBits.Docs.Cursor held = reach == null ? null : reach.cursor();
        int count = docs.length;
        int at = 0;
        while (at < count) {
            if (held != null && !held.has(docs[at])) {
                at++;
                continue;
            }
            int doc = candidates.docID() < docs[at] ? candidates.advance(docs[at]) : candidates.docID();
            if (doc == DocIdSetIterator.NO_MORE_DOCS) {
                return;
            }
            if (doc == docs[at]) {
                if (twoPhase == null || twoPhase.matches()) {
                    sink.add(at, scorer.score());
                }
                at++;
            } else {
                int next = Arrays.binarySearch(docs, at + 1, count, doc);
                at = next >= 0 ? next : -next - 1;
            }
        }
    }

    /** Documents of a segment with their scores; to the collector, the score of the one being collected. */
    private static final class Scored extends Scorable {
        final int[] docs;
        final double[] scores;
        final int count;
        int at;

        private Scored(int[] docs, double[] scores, int count) {
            this.docs = docs;
            this.scores = scores;
            this.count = count;
        }

        /** Scores some documents (in order) with every clause. */
        static Scored of(List<Clause> clauses, LeafReaderContext leaf, int[] docs) throws IOException {
            double[] scores = new double[docs.length];
            double[] top = null;
            double[] sum = null;
            for (Clause clause : clauses) {
                if (clause.parts().size() == 1) {
                    Part only = clause.parts().get(0);
                    Scorer scorer = only.scorerFor(leaf, docs);
                    if (scorer != null) {
                        addScores(scorer, only.reach(), docs, scores);
                    }
                    continue;
                }
                top = top == null ? new double[docs.length] : top;
                sum = sum == null ? new double[docs.length] : sum;
                Arrays.fill(top, 0);
                Arrays.fill(sum, 0);
                for (Part field : clause.parts()) {
                    Scorer scorer = field.scorerFor(leaf, docs);
                    if (scorer != null) {
                        addFieldScores(scorer, field.reach(), docs, top, sum);
                    }
                }
                for (int i = 0; i < docs.length; i++) {
                    scores[i] += top[i] + clause.otherFields() * (sum[i] - top[i]);
                }
            }
            return new Scored(docs, scores, docs.length);
        }

        /** These and other documents (the collector takes them in any order). */
        Scored with(Scored more) {
            int[] allDocs = Arrays.copyOf(docs, count + more.count);
            double[] allScores = Arrays.copyOf(scores, count + more.count);
            System.arraycopy(more.docs, 0, allDocs, count, more.count);
            System.arraycopy(more.scores, 0, allScores, count, more.count);
            return new Scored(allDocs, allScores, count + more.count);
        }

        /** The score a document needs to make a page of {@code wanted} among these: 0 while fewer. */
        float pageFloor(int wanted) {
            return count < wanted ? 0f : PageFloor.kthBest(scores, count, wanted);
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

    /** The best {@code size} scores collected so far over the segments: the last of them is what a document must reach. */
    private static final class PageFloor {
        final int size;
        private final float[] heap; // a min-heap of the best scores
        private int count;

        PageFloor(int size) {
            this.size = size;
            this.heap = new float[size];
        }

        float score() {
            return count < size ? 0f : heap[0];
        }

        void offer(float score) {
            if (count < size) {
                heap[count] = score;
                siftUp(heap, count++);
            } else if (score > heap[0]) {
                heap[0] = score;
                siftDown(heap, size);
            }
        }

        /** The k-th best of the first n scores (k <= n), with a heap of k. */
        static float kthBest(double[] scores, int n, int k) {
            float[] best = new float[k];
            int filled = 0;
            for (int i = 0; i < n; i++) {
                float score = (float) scores[i];
                if (filled < k) {
                    best[filled] = score;
                    siftUp(best, filled++);
                } else if (score > best[0]) {
                    best[0] = score;
                    siftDown(best, k);
                }
            }
            return best[0];
        }

        private static void siftUp(float[] heap, int at) {
            while (at > 0 && heap[(at - 1) / 2] > heap[at]) {
                swap(heap, at, (at - 1) / 2);
                at = (at - 1) / 2;
            }
        }

        private static void siftDown(float[] heap, int size) {
            int at = 0;
            while (2 * at + 1 < size) {
                int child = 2 * at + 1;
                if (child + 1 < size && heap[child + 1] < heap[child]) {
                    child++;
                }
                if (heap[at] <= heap[child]) {
                    return;
                }
                swap(heap, at, child);
                at = child;
            }
        }

        private static void swap(float[] heap, int a, int b) {
            float kept = heap[a];
            heap[a] = heap[b];
            heap[b] = kept;
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
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        for (int i = from; i < hits.length; i++) {
            LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(hits[i].doc, leaves));
            BinaryDocValues values = DocValues.getBinary(leaf.reader(), TermFields.SUMMARY);
            if (!values.advanceExact(hits[i].doc - leaf.docBase)) {
                throw new IllegalStateException("no summary for document " + hits[i].doc);
            }
            summaries.add(TermFields.summary(values.binaryValue()));
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
