package dev.glossary.term.search.index;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.hibernate.jpa.HibernateHints;

/** What the index reads from the primary: every term at start, then the change feed's changes after the last seq applied. */
@ApplicationScoped
class TermIndexRepository {

    /** The columns an {@link IndexedTerm} is made of, from term t and its aliases a (space-separated). */
    private static final String TERM_COLUMNS = """
            t.id, t.slug, t.name, t.short_definition, t.description, t.initial::text,
            (extract(epoch FROM t.updated_at) * 1000000)::bigint, a.aliases""";
    private static final String ALL_TERMS = "SELECT " + TERM_COLUMNS + """

            FROM term t
            LEFT JOIN (SELECT term_id, string_agg(slug, ' ' ORDER BY slug) AS aliases FROM term_alias GROUP BY term_id) a
                   ON a.term_id = t.id
            """;
    /** The feed's position a build starts from: what the build reads is at least as new as every change up to it. */
    private static final String LAST_SEQ = "SELECT coalesce(max(seq), 0) FROM term_change";
    /** Changes after a seq, each with its term as it is now (no term: deleted since). */
    private static final String CHANGES_AFTER = "SELECT c.seq, c.term_id, " + TERM_COLUMNS + """

            FROM term_change c
            LEFT JOIN term t ON t.id = c.term_id
            LEFT JOIN LATERAL (SELECT string_agg(slug, ' ' ORDER BY slug) AS aliases FROM term_alias
                               WHERE term_id = t.id) a ON true
            WHERE c.seq > :after
            ORDER BY c.seq
            LIMIT :limit
            """;
    private static final int FETCH_SIZE = 1_000;

    /** A change of the feed: the term as it is now, or null when it no longer exists. */
    record Change(long seq, long termId, IndexedTerm term) {
    }

    @Inject EntityManager entityManager;

    long lastSeq() {
        return ((Number) entityManager.createNativeQuery(LAST_SEQ).getSingleResult()).longValue();
    }

    /** Every term, streamed from a cursor (in the caller's transaction), so that no glossary is held whole. */
    void eachTerm(Consumer<IndexedTerm> action) {
        @SuppressWarnings("unchecked")
        Stream<Object[]> rows = entityManager.createNativeQuery(ALL_TERMS)
                .setHint(HibernateHints.HINT_FETCH_SIZE, FETCH_SIZE).getResultStream();
        try (rows) {
            rows.forEach(row -> action.accept(term(row, 0)));
        }
    }

    List<Change> changesAfter(long seq, int limit) {
        List<?> rows = entityManager.createNativeQuery(CHANGES_AFTER)
                .setParameter("after", seq).setParameter("limit", limit).getResultList();
        return rows.stream().map(Object[].class::cast).map(row -> new Change(((Number) row[0]).longValue(),
                ((Number) row[1]).longValue(), row[2] == null ? null : term(row, 2))).toList();
    }

    private static IndexedTerm term(Object[] row, int from) {
        String aliases = (String) row[from + 7];
        return new IndexedTerm(((Number) row[from]).longValue(), (String) row[from + 1], (String) row[from + 2],
                (String) row[from + 3], (String) row[from + 4],
                aliases == null ? List.of() : Arrays.asList(aliases.split(" ")),
                (String) row[from + 5], ((Number) row[from + 6]).longValue());
    }
}
