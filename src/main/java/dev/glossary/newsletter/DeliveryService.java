package dev.glossary.newsletter;

import dev.glossary.common.ProblemException;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Starts and reports the sending of an issue. The recipients are fixed by one INSERT ... SELECT:
 * no row per subscriber travels through Java, and the unique (issue, subscriber) pair keeps anyone
 * from being queued twice.
 */
@ApplicationScoped
@Transactional
public class DeliveryService {

    private final IssueRepository issues;

    DeliveryService(IssueRepository issues) {
        this.issues = issues;
    }

    public DeliveryResponse send(long issueId) {
        if (issues.findByIdOptional(issueId).isEmpty()) {
            throw ProblemException.notFound("No issue has the id " + issueId);
        }
        var em = Panache.getEntityManager();
        // The other request of a concurrent pair waits here for this one's commit, then sees the row.
        int started = em.createNativeQuery("""
                INSERT INTO newsletter_delivery (issue_id, recipients) VALUES (:issue, 0)
                ON CONFLICT (issue_id) DO NOTHING
                """).setParameter("issue", issueId).executeUpdate();
        if (started == 0) {
            throw ProblemException.conflict("Issue " + issueId + " has already been sent; "
                    + "GET /newsletter/issues/" + issueId + "/delivery shows how far");
        }
        // Above the connections' usual 5 s limit: this statement grows with the list.
        em.createNativeQuery("SET LOCAL statement_timeout = '120s'").executeUpdate();
        int recipients = em.createNativeQuery("""
                INSERT INTO newsletter_mail (issue_id, subscriber_id)
                SELECT :issue, id FROM subscriber WHERE status = 'confirmed'
                """).setParameter("issue", issueId).executeUpdate();
        em.createNativeQuery("""
                UPDATE newsletter_delivery
                SET recipients = :recipients, finished_at = CASE WHEN :recipients = 0 THEN started_at END
                WHERE issue_id = :issue
                """).setParameter("issue", issueId).setParameter("recipients", recipients).executeUpdate();
        return find(issueId);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public DeliveryResponse delivery(long issueId) {
        if (issues.findByIdOptional(issueId).isEmpty()) {
            throw ProblemException.notFound("No issue has the id " + issueId);
        }
        return find(issueId);
    }

    private DeliveryResponse find(long issueId) {
        List<?> rows = Panache.getEntityManager().createNativeQuery("""
                SELECT d.recipients, d.started_at, d.finished_at,
                       count(m.id) FILTER (WHERE m.state = 'sent'),
                       count(m.id) FILTER (WHERE m.state = 'failed'),
                       coalesce(bool_or(m.state <> 'queued' OR m.attempts > 0), false)
                FROM newsletter_delivery d LEFT JOIN newsletter_mail m ON m.issue_id = d.issue_id
                WHERE d.issue_id = :issue
                GROUP BY d.issue_id
                """, Object[].class).setParameter("issue", issueId).getResultList();
        Object[] row = rows.stream().map(Object[].class::cast).findFirst().orElseThrow(() ->
                ProblemException.notFound("Issue " + issueId + " has not been sent; POST to its /send to start"));
        Instant finishedAt = seconds(row[2]);
        String status = finishedAt != null ? "sent" : (Boolean) row[5] ? "sending" : "queued";
        return new DeliveryResponse(issueId, status, ((Number) row[0]).intValue(), ((Number) row[3]).longValue(),
                ((Number) row[4]).longValue(), seconds(row[1]), finishedAt);
    }

    /** Whole seconds, like every other timestamp of the API. */
    private static Instant seconds(Object timestamp) {
        if (timestamp == null) {
            return null;
        }
        Instant instant = timestamp instanceof OffsetDateTime offset ? offset.toInstant()
                : timestamp instanceof Timestamp sql ? sql.toInstant() : (Instant) timestamp;
        return instant.truncatedTo(ChronoUnit.SECONDS);
    }
}
