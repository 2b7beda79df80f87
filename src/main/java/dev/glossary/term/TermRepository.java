package dev.glossary.term;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Terms, their aliases and relations; the read replica's session while one of its reads runs. */
@ApplicationScoped
public class TermRepository implements PanacheRepository<Term> {

    private static final String DOCUMENT_OF_TERM = "SELECT slug, body, etag FROM term_document WHERE term_id = :id";

    @Inject ReplicaSession replica;

    /** Implemented by term.read.ReadReplica. */
    public interface ReplicaSession {
        Optional<EntityManager> current();
    }

    /** The read replica's session while one of its reads runs, else the request's or transaction's. */
    @Override
    public EntityManager getEntityManager() {
        return replica.current().orElseGet(() -> Panache.getEntityManager(Term.class));
    }

    /** Through {@link #getEntityManager()} rather than Panache's find, so that a replica read can look it up. */
    public Optional<Term> findBySlug(String slug) {
        return getEntityManager().createQuery("FROM Term WHERE slug = :slug", Term.class)
                .setParameter("slug", slug).getResultStream().findFirst();
    }

    /** The document of a term as the current transaction sees it (after its writes are flushed). */
    public TermDocument documentOf(long termId) {
        Object[] row = (Object[]) getEntityManager().createNativeQuery(DOCUMENT_OF_TERM)
                .setParameter("id", termId).getSingleResult();
        return new TermDocument((String) row[0], (byte[]) row[1], (String) row[2]);
    }

    /** The canonical slug of the term an alias points to. */
    public Optional<String> canonicalSlugOfAlias(String alias) {
        return single(getEntityManager().createNativeQuery(
                "SELECT t.slug FROM term_alias a JOIN term t ON t.id = a.term_id WHERE a.slug = :slug")
                .setParameter("slug", alias)).map(String.class::cast);
    }

    /** The term's internal id, or its canonical slug when {@code slug} is an alias; 404 otherwise. */
    public SlugLookup<Long> idOf(String slug) {
        UnknownTerm.unlessWellFormed(slug);
        return findBySlug(slug).<SlugLookup<Long>>map(term -> new SlugLookup.Found<>(term.id)).orElseGet(() ->
                new SlugLookup.Moved<>(canonicalSlugOfAlias(slug).orElseThrow(() -> UnknownTerm.of(slug))));
    }

    /** A term by its slug or any of its aliases. */
    public Optional<Term> findBySlugOrAlias(String slug) {
        return findBySlug(slug).or(() -> canonicalSlugOfAlias(slug).flatMap(this::findBySlug));
    }

    /** Whether the slug is in use, as a slug or an alias, by any term but {@code exceptTermId}. */
    public boolean slugTaken(String slug, Long exceptTermId) {
        return exists("""
                SELECT 1 FROM term WHERE slug = :value AND id <> :except
                UNION ALL
                SELECT 1 FROM term_alias WHERE slug = :value AND term_id <> :except
                """, slug, exceptTermId);
    }

    public boolean nameTaken(String name, Long exceptTermId) {
        return exists("SELECT 1 FROM term WHERE lower(name) = lower(:value) AND id <> :except",
                name, exceptTermId);
    }

    public List<String> aliasesOf(long termId) {
        return strings(getEntityManager().createNativeQuery(
                "SELECT slug FROM term_alias WHERE term_id = :id ORDER BY slug").setParameter("id", termId));
    }

    public List<TermSummary> relatedTo(long termId) {
        return TermSummary.of(getEntityManager().createNativeQuery("""
                SELECT t.slug, t.name, t.short_definition
                FROM term_relation r
                JOIN term t ON t.id = CASE WHEN r.term_low_id = :id THEN r.term_high_id ELSE r.term_low_id END
                WHERE r.term_low_id = :id OR r.term_high_id = :id
                ORDER BY lower(t.name), t.slug
                """).setParameter("id", termId).getResultList());
    }

    public List<Long> relatedIds(long termId) {
        List<?> rows = getEntityManager().createNativeQuery("""
                SELECT CASE WHEN term_low_id = :id THEN term_high_id ELSE term_low_id END
                FROM term_relation WHERE term_low_id = :id OR term_high_id = :id
                """).setParameter("id", termId).getResultList();
        return rows.stream().map(id -> ((Number) id).longValue()).toList();
    }

    /** @return whether the relation is new */
    public boolean relate(long termId, long otherId) {
        return pair("""
                INSERT INTO term_relation (term_low_id, term_high_id) VALUES (:low, :high)
                ON CONFLICT DO NOTHING
                """, termId, otherId) > 0;
    }

    /** @return whether a relation was removed */
    public boolean unrelate(long termId, long otherId) {
        return pair("DELETE FROM term_relation WHERE term_low_id = :low AND term_high_id = :high",
                termId, otherId) > 0;
    }

    /** Marks terms as changed because what they show of another term changed. */
    public void touch(Collection<Long> termIds) {
        if (!termIds.isEmpty()) {
            getEntityManager().createNativeQuery(
                    "UPDATE term SET updated_at = now(), version = version + 1 WHERE id IN (:ids)")
                    .setParameter("ids", termIds).executeUpdate();
        }
    }

    /** Names the editor of this transaction's revisions (null: unknown). */
    public void actAs(String username) {
        getEntityManager().createNativeQuery("SELECT set_config('glossary.author', :author, true)")
                .setParameter("author", username == null ? "" : username).getSingleResult();
    }

    public void addAlias(String slug, long termId) {
        getEntityManager().createNativeQuery("INSERT INTO term_alias (slug, term_id) VALUES (:slug, :id)")
                .setParameter("slug", slug).setParameter("id", termId).executeUpdate();
    }

    /** Delivered by PostgreSQL to every listening instance when the transaction commits. */
    public void notifyChange(String channel, String payload) {
        getEntityManager().createNativeQuery("SELECT count(*) FROM (SELECT pg_notify(:channel, :payload)) sent")
                .setParameter("channel", channel).setParameter("payload", payload).getSingleResult();
    }

    /** The slugs and aliases of these terms, as the current transaction sees them. */
    public List<String> slugsAndAliasesOf(Collection<Long> termIds) {
        if (termIds.isEmpty()) {
            return List.of();
        }
        return strings(getEntityManager().createNativeQuery("""
                SELECT slug FROM term WHERE id IN (:ids)
                UNION ALL
                SELECT slug FROM term_alias WHERE term_id IN (:ids)
                """).setParameter("ids", termIds));
    }

    /** The term's id is null while it is new, and so without aliases. */
    public void removeAliases(Long termId, Collection<String> aliases) {
        if (!aliases.isEmpty()) {
            getEntityManager().createNativeQuery("DELETE FROM term_alias WHERE term_id = :id AND slug IN (:aliases)")
                    .setParameter("id", termId).setParameter("aliases", aliases).executeUpdate();
        }
    }

    private int pair(String sql, long termId, long otherId) {
        return getEntityManager().createNativeQuery(sql)
                .setParameter("low", Math.min(termId, otherId))
                .setParameter("high", Math.max(termId, otherId))
                .executeUpdate();
    }

    private boolean exists(String sql, String value, Long exceptTermId) {
        return !getEntityManager().createNativeQuery(sql)
                .setParameter("value", value)
                .setParameter("except", exceptTermId == null ? -1L : exceptTermId)
                .setMaxResults(1).getResultList().isEmpty();
    }

    private static Optional<Object> single(Query query) {
        List<?> rows = query.setMaxResults(1).getResultList();
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Query query) {
        return (List<String>) query.getResultList();
    }
}
