package dev.glossary.term.search;

import dev.glossary.common.PageRequest;
import dev.glossary.term.TermRepository;
import dev.glossary.term.TermSummary;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.Query;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The queries of listings, cursor walks and letters (searches and suggestions go to the search index). */
@ApplicationScoped
public class TermSearchRepository {

    @Inject TermRepository terms;

    /** A term of a listing with its position in the listing's order, from which a cursor walk goes on. */
    record ListedTerm(TermSummary summary, String key, long id) {
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

    /** The size of a listing. */
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

    private static String where(TermFilter filter) {
        StringBuilder where = new StringBuilder(" WHERE true");
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
            case RELEVANCE -> throw new IllegalArgumentException("a search is answered by the search index");
        };
    }

    /** In the session of {@link TermRepository}: the read replica's while one of its reads runs. */
    private Query query(String sql, TermFilter filter) {
        Query query = terms.getEntityManager().createNativeQuery(sql);
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
