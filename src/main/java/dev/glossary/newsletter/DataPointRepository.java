package dev.glossary.newsletter;

import dev.glossary.term.Term;
import dev.glossary.term.TermRepository;
import dev.glossary.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Issues' data points and the terms they name (migration V15); terms are linked by id, so renames follow. */
@ApplicationScoped
public class DataPointRepository {

    private static final String OF_ISSUES = """
            SELECT dp.issue_id, dp.value, dp.label, dp.context, dp.source_url,
                   coalesce(string_agg(t.slug, ' ' ORDER BY l.position), '')
            FROM newsletter_data_point dp
            LEFT JOIN newsletter_data_point_term l ON l.data_point_id = dp.id
            LEFT JOIN term t ON t.id = l.term_id
            WHERE dp.issue_id = ANY (CAST(:issues AS bigint[]))
            GROUP BY dp.id
            ORDER BY dp.issue_id, dp.position
            """;
    private static final String INSERT = """
            INSERT INTO newsletter_data_point (issue_id, position, value, label, context, source_url)
            VALUES (:issue, :position, :value, :label, :context, :source) RETURNING id
            """;
    private static final String LINK = """
            INSERT INTO newsletter_data_point_term (data_point_id, term_id, position)
            SELECT :point, term, position FROM unnest(CAST(:terms AS bigint[])) WITH ORDINALITY AS t (term, position)
            ON CONFLICT DO NOTHING
            """;
    /** Newest issue first, then in the issue's order; only what the public may see. */
    private static final String OF_TERM = """
            SELECT i.id, i.title, i.published_at, dp.position, dp.value, dp.label, dp.context, dp.source_url
            FROM newsletter_data_point_term l
            JOIN newsletter_data_point dp ON dp.id = l.data_point_id
            JOIN newsletter_issue i ON i.id = dp.issue_id
            WHERE l.term_id = :term AND i.status IN ('published', 'sent') AND i.published_at <= now()
              AND (i.published_at, i.id, -dp.position) < (:at, :issue, 0 - :position)
            ORDER BY i.published_at DESC, i.id DESC, dp.position
            LIMIT :limit
            """;

    /** A data point naming a term, with where it appeared; {@code position} orders it within its issue. */
    record Mention(long issueId, String issueTitle, Instant publishedAt, int position, DataPoint dataPoint) {
    }

    @Inject EntityManager entityManager;
    @Inject TermRepository terms;

    /** By issue id, in the issue's order; an issue without data points is absent. */
    Map<Long, List<DataPoint>> ofIssues(Collection<Long> issueIds) {
        Map<Long, List<DataPoint>> byIssue = new LinkedHashMap<>();
        if (issueIds.isEmpty()) {
            return byIssue;
        }
        List<?> rows = entityManager.createNativeQuery(OF_ISSUES)
                .setParameter("issues", issueIds.toArray(Long[]::new)).getResultList();
        for (Object row : rows) {
            Object[] columns = (Object[]) row;
            String slugs = (String) columns[5];
            byIssue.computeIfAbsent(((Number) columns[0]).longValue(), issue -> new ArrayList<>())
                    .add(new DataPoint((String) columns[1], (String) columns[2], (String) columns[3], (String) columns[4],
                            slugs.isEmpty() ? List.of() : Arrays.asList(slugs.split(" "))));
        }
        return byIssue;
    }

    /** Replaces the issue's data points; an unknown slug answers 422 and, thrown, rolls the whole edit back. */
    void replace(long issueId, List<DataPoint> dataPoints) {
        entityManager.createNativeQuery("DELETE FROM newsletter_data_point WHERE issue_id = :issue")
                .setParameter("issue", issueId).executeUpdate();
        int position = 0;
        for (DataPoint point : dataPoints) {
            position++;
            Long[] termIds = termIds(position, point.termSlugs());
            long pointId = ((Number) entityManager.createNativeQuery(INSERT).setParameter("issue", issueId)
                    .setParameter("position", position).setParameter("value", point.value())
                    .setParameter("label", point.label()).setParameter("context", point.context())
                    .setParameter("source", point.sourceUrl()).getSingleResult()).longValue();
            entityManager.createNativeQuery(LINK).setParameter("point", pointId).setParameter("terms", termIds)
                    .executeUpdate();
        }
    }

    int count(long issueId) {
        return ((Number) entityManager.createNativeQuery("SELECT count(*) FROM newsletter_data_point WHERE issue_id = :issue")
                .setParameter("issue", issueId).getSingleResult()).intValue();
    }

    /** Up to {@code limit} mentions of the term after the given one (newest first). */
    List<Mention> ofTerm(long termId, Instant afterPublishedAt, long afterIssueId, int afterPosition, int limit) {
        List<?> rows = entityManager.createNativeQuery(OF_TERM).setParameter("term", termId)
                .setParameter("at", afterPublishedAt).setParameter("issue", afterIssueId)
                .setParameter("position", afterPosition).setParameter("limit", limit).getResultList();
        return rows.stream().map(Object[].class::cast).map(row -> new Mention(((Number) row[0]).longValue(), (String) row[1],
                (Instant) row[2], ((Number) row[3]).intValue(),
                new DataPoint((String) row[4], (String) row[5], (String) row[6], (String) row[7], List.of()))).toList();
    }

    private Long[] termIds(int position, List<String> slugs) {
        List<Long> ids = new ArrayList<>();
        for (String slug : slugs) {
            Term term = terms.findBySlugOrAlias(slug).orElseThrow(() -> ProblemException.unprocessable(
                    "dataPoints[" + (position - 1) + "].termSlugs names '" + slug + "', which is no term"));
            ids.add(term.id);
        }
        return ids.toArray(Long[]::new);
    }
}
