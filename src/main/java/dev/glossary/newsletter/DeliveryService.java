package dev.glossary.newsletter;

import dev.glossary.common.ProblemException;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.hibernate.Session;
import org.hibernate.jdbc.ReturningWork;

/**
 * Starts and reports the sending of an issue. The recipients are fixed by one INSERT ... SELECT:
 * no row per subscriber travels through Java, and the unique (issue, subscriber) pair keeps anyone
 * from being queued twice.
 */
@ApplicationScoped
@Transactional
public class DeliveryService {

    private static final Duration QUEUEING_TIMEOUT = Duration.ofSeconds(120);

    private final IssueRepository issues;

    DeliveryService(IssueRepository issues) {
        this.issues = issues;
    }

    public DeliveryResponse send(long issueId) {
        if (issues.findByIdOptional(issueId).isEmpty()) {
            throw ProblemException.notFound("No issue has the id " + issueId);
        }
        var em = Panache.getEntityManager();
        Integer recipients = em.unwrap(Session.class).doReturningWork(withLongerNetworkTimeout(
                connection -> queue(connection, issueId)));
        if (recipients == null) {
            throw ProblemException.conflict("Issue " + issueId + " has already been sent; "
                    + "GET /newsletter/issues/" + issueId + "/delivery shows how far");
        }
        em.createNativeQuery("""
                UPDATE newsletter_delivery
                SET recipients = :recipients, finished_at = CASE WHEN :recipients = 0 THEN started_at END
                WHERE issue_id = :issue
                """).setParameter("issue", issueId).setParameter("recipients", recipients).executeUpdate();
        return find(issueId);
    }

    /** Queues every confirmed subscriber; null when the issue has been sent before. */
    private static Integer queue(Connection connection, long issueId) throws SQLException {
        // The other request of a concurrent pair waits at the first INSERT for this one's commit, then sees the row.
        try (PreparedStatement timeout = connection.prepareStatement("SELECT set_config('statement_timeout', ?, true)");
                PreparedStatement start = connection.prepareStatement("""
                        INSERT INTO newsletter_delivery (issue_id, recipients) VALUES (?, 0)
                        ON CONFLICT (issue_id) DO NOTHING
                        """);
                PreparedStatement queue = connection.prepareStatement("""
                        INSERT INTO newsletter_mail (issue_id, subscriber_id)
                        SELECT ?, id FROM subscriber WHERE status = 'confirmed'
                        """)) {
            timeout.setString(1, String.valueOf(QUEUEING_TIMEOUT.toMillis()));
            timeout.execute();
            start.setLong(1, issueId);
            if (start.executeUpdate() == 0) {
                return null;
            }
            queue.setLong(1, issueId);
            return queue.executeUpdate();
        }
    }

    /**
     * The driver gives up on a statement after its socket timeout (6 s, application.properties), and
     * PostgreSQL after 5 s; queueing a long list, or waiting for a concurrent send of the same issue,
     * may take longer, so this connection waits up to two minutes for both.
     */
    private static ReturningWork<Integer> withLongerNetworkTimeout(ReturningWork<Integer> work) {
        return connection -> {
            int usual = connection.getNetworkTimeout();
            connection.setNetworkTimeout(Runnable::run, (int) QUEUEING_TIMEOUT.toMillis());
            try {
                return work.execute(connection);
            } finally {
                connection.setNetworkTimeout(Runnable::run, usual);
            }
        };
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
