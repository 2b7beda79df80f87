package dev.glossary.term.search;

import dev.glossary.common.PageRequest;
import dev.glossary.term.TermRepository;
import dev.glossary.term.TermSummary;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.Query;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The queries of listings, search, letters and suggestions. */
@ApplicationScoped
public class TermSearchRepository {

    private static final String SEARCH_INPUT = """
            CROSS JOIN (SELECT websearch_to_tsquery('english', immutable_unaccent(:q)) AS tsq,
                               name_words(:q) AS words) query
            """;
    private static final String FULL_TEXT_MATCH = " AND t.search_vector @@ query.tsq";
    private static final String NAME_MATCH = "t.name_vector @@ query.tsq";
    private static final String FUZZY_NAME_MATCH = " OR t.name_words % query.words OR query.words <% t.name_words";
    private static final Pattern PLAN_ROWS = Pattern.compile(" rows=(\\d+) ");
    private static final String FULL_TEXT_RANK = "ts_rank(t.search_vector, query.tsq)";
    private static final String FUZZY_RANK = FULL_TEXT_RANK + " + similarity(t.name_words, query.words)";

    @Inject TermRepository terms;

    /** The planner's estimate of a search's matches. */
    public long estimateMatches(TermFilter filter) {
        List<?> plan = query("EXPLAIN SELECT 1 FROM term t " + SEARCH_INPUT + where(filter), filter).getResultList();
        Matcher rows = PLAN_ROWS.matcher(plan.isEmpty() ? "" : plan.get(0).toString());
        return rows.find() ? Long.parseLong(rows.group(1)) : Long.MAX_VALUE;
    }

    /** One page of a search, ranked among a bounded set of candidates. */
    public SearchPage rankedPage(TermFilter filter, PageRequest page, int candidates, int countUpTo) {
        String hits = "SELECT id FROM (" + matches(filter) + ") m LIMIT "
                + (countUpTo > 0 ? ":countUpTo" : ":candidates");
        // Typo searches match few terms in full text; their candidates are the similar names.
        String names = filter.fuzzy() ? "" : " UNION (SELECT t.id FROM " + nameSource(filter) + " " + SEARCH_INPUT
                + where(filter.withoutQuery()) + " AND " + NAME_MATCH + " LIMIT :candidates)";
        String sql = "WITH hit AS MATERIALIZED (" + hits + "), "
                + "candidate AS ((SELECT id FROM hit LIMIT :candidates)" + names + ") "
                + "SELECT p.slug, p.name, p.short_definition, counted.n FROM "
                + (countUpTo > 0 ? "(SELECT count(*) AS n FROM hit)" : "(SELECT -1 AS n)") + " counted "
                + "LEFT JOIN LATERAL (SELECT t.slug, t.name, t.short_definition FROM candidate c "
                + "JOIN term t ON t.id = c.id " + SEARCH_INPUT
                + " ORDER BY (" + NAME_MATCH + (filter.fuzzy() ? FUZZY_NAME_MATCH : "") + ") DESC, "
                + (filter.fuzzy() ? FUZZY_RANK : FULL_TEXT_RANK) + " DESC, lower(t.name), t.slug"
                + " LIMIT :limit OFFSET :offset) p ON true";
        Query query = query(sql, filter)
                .setParameter("candidates", candidates)
                .setParameter("limit", page.size())
                .setParameter("offset", page.offset());
        if (countUpTo > 0) {
            query.setParameter("countUpTo", countUpTo);
        }
        List<?> rows = query.getResultList();
        long counted = ((Number) ((Object[]) rows.get(0))[3]).longValue();
        List<?> found = rows.stream().filter(row -> ((Object[]) row)[0] != null).toList();
        return new SearchPage(TermSummary.of(found), counted < 0 ? null : counted);
    }

    /** For the rest of the transaction: matches through the indexes (counting a common word scans otherwise), and a
     * similarity of 0.5 (pg_trgm's 0.3 lets thousands of names through to recheck) that still forgives a typo or two. */
    public void preferIndexes() {
        terms.getEntityManager().createNativeQuery("SELECT set_config('enable_seqscan', 'off', true), "
                + "set_config('pg_trgm.similarity_threshold', '0.5', true)").getResultList();
    }

    /** A term of a listing with its position in the listing's order, from which a cursor walk goes on. */
    record ListedTerm(TermSummary summary, String key, long id) {
    }

    /** A page of search results and, when they were counted, the matches (capped). */
    public record SearchPage(List<TermSummary> items, Long matches) {
    }

    /** Where name searches read names. */
    private static String nameSource(TermFilter filter) {
        return filter.initial() == null && filter.slugs() == null ? "term_name t" : "term t";
    }

    /** The ids of the matches. */
    private static String matches(TermFilter filter) {
        String fullText = "SELECT t.id FROM term t " + SEARCH_INPUT + where(filter.withFuzzyNames(false));
        if (!filter.fuzzy()) {
            return fullText;
        }
        String narrowing = where(filter.withoutQuery());
        String names = nameSource(filter);
        return "(" + fullText + ") UNION (SELECT t.id FROM " + names + " " + SEARCH_INPUT + narrowing
                + " AND t.name_words % query.words) UNION (SELECT t.id FROM " + names + " " + SEARCH_INPUT
                + narrowing + " AND query.words <% t.name_words)";
    }

    /** One page of a listing in index order (deep pages still skip every row before them, hence the depth cap). */
    public List<ListedTerm> page(TermFilter filter, PageRequest page) {
        return listed(listing(filter, "", " OFFSET :offset").setParameter("limit", page.size())
                .setParameter("offset", page.offset()));
    }

    /** The terms after a cursor's position, in its order. */
    public List<ListedTerm> after(TermCursor cursor, int limit) {
        String after = switch (cursor.sort()) {
            case NAME -> " AND lower(t.name) > :key"; // unique, so the name alone fixes the position
            case UPDATED_DESC -> " AND (t.updated_at, t.id) < (timestamptz 'epoch' + :key * interval '1 microsecond', :id)";
            case RELEVANCE -> throw new IllegalArgumentException("a search has no cursor");
        };
        Query query = listing(cursor.filter(), after, "").setParameter("limit", limit);
        if (cursor.sort() == TermSort.UPDATED_DESC) {
            query.setParameter("key", Long.parseLong(cursor.key())).setParameter("id", cursor.id());
        } else {
            query.setParameter("key", cursor.key());
        }
        return listed(query);
    }

    /** Listed terms, each with its sort key as text (lower(name), or updated_at in exact epoch microseconds) and id. */
    private Query listing(TermFilter filter, String after, String offset) {
        String sortKey = filter.sort() == TermSort.UPDATED_DESC
                ? "(extract(epoch FROM t.updated_at) * 1000000)::bigint::text" : "lower(t.name)";
        return query("SELECT t.slug, t.name, t.short_definition, " + sortKey + ", t.id FROM term t"
                + where(filter) + after + orderBy(filter) + " LIMIT :limit" + offset, filter);
    }

    /** The size of a listing (searches are counted by {@link #rankedPage}). */
    public long count(TermFilter filter) {
        return ((Number) query("SELECT count(*) FROM term t" + where(filter), filter).getSingleResult()).longValue();
    }
    /** Term counts by the initial the generated column assigns: A–Z, or # for anything else. */
    public Map<String, Long> countsByInitial() {
        List<?> rows = terms.getEntityManager().createNativeQuery(
                "SELECT initial, count(*) FROM term GROUP BY initial").getResultList();
        return rows.stream().map(Object[].class::cast).collect(Collectors.toMap(
                row -> row[0].toString(), row -> ((Number) row[1]).longValue()));
    }

    /** Names starting with the words, in name order: a range scan of the C-collated name index. */
    public List<TermSummary> namesStartingWith(String words, int limit) {
        return TermSummary.of(terms.getEntityManager().createNativeQuery("""
                SELECT t.slug, t.name, t.short_definition FROM term t
                WHERE t.name_words COLLATE "C" >= :from AND t.name_words COLLATE "C" < :to
                ORDER BY t.name_words COLLATE "C", t.slug
                LIMIT :limit
                """).setParameter("from", words).setParameter("to", words + "~").setParameter("limit", limit).getResultList());
    }

    /** Names with a later word starting with the words (the first word is the previous query's). */
    public List<TermSummary> namesWithWordStartingWith(String words, int limit) {
        return TermSummary.of(terms.getEntityManager().createNativeQuery("""
                SELECT t.slug, t.name, t.short_definition FROM term t
                WHERE t.name_words LIKE '%' || :words || '%' AND t.name_words NOT LIKE :words || '%'
                ORDER BY t.name_words COLLATE "C", t.slug
                LIMIT :limit
                """).setParameter("words", words).setParameter("limit", limit).getResultList());
    }

    /** The query as name_words() folds names: lower case, no accents, " word word". */
    public String nameWords(String q) {
        return (String) terms.getEntityManager().createNativeQuery("SELECT name_words(:q)")
                .setParameter("q", q).getSingleResult();
    }

    private static String where(TermFilter filter) {
        StringBuilder where = new StringBuilder(" WHERE true");
        if (filter.searching()) {
            where.append(FULL_TEXT_MATCH);
        }
        if (filter.initial() != null) {
            where.append(" AND t.initial = :initial");
        }
        if (filter.slugs() != null) {
            where.append(" AND t.slug IN (:slugs)");
        }
        return where.toString();
    }

    private static String orderBy(TermFilter filter) {
        return switch (filter.sort()) {
            case NAME -> " ORDER BY lower(t.name)"; // unique, so the order is total
            case UPDATED_DESC -> " ORDER BY t.updated_at DESC, t.id DESC";
            case RELEVANCE -> throw new IllegalArgumentException("a search is ranked by rankedPage");
        };
    }

    /** In the session of {@link TermRepository}: the read replica's while one of its reads runs. */
    private Query query(String sql, TermFilter filter) {
        Query query = terms.getEntityManager().createNativeQuery(sql);
        if (filter.searching()) {
            query.setParameter("q", filter.query());
        }
        if (filter.initial() != null) {
            query.setParameter("initial", filter.initial());
        }
        if (filter.slugs() != null) {
            query.setParameter("slugs", filter.slugs());
        }
        return query;
    }

    private static List<ListedTerm> listed(Query query) {
        List<?> rows = query.getResultList();
        return rows.stream().map(Object[].class::cast)
                .map(row -> new ListedTerm(new TermSummary((String) row[0], (String) row[1], (String) row[2]),
                        (String) row[3], ((Number) row[4]).longValue()))
                .toList();
    }
}
