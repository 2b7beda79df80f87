package dev.glossary.newsletter;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;

/**
 * Publishes and starts the delivery of each scheduled issue once it is due. Every replica polls; the claim and the
 * queueing of the delivery share one transaction, so an issue is started by exactly one replica, and a replica
 * killed before its commit leaves the issue scheduled for the next poll (docs/newsletter.md).
 */
@ApplicationScoped
public class ScheduledIssues {

    /** A row another replica holds is skipped, not waited for: that replica is starting it. */
    private static final String CLAIM_DUE = """
            UPDATE newsletter_issue SET status = 'sent', published_at = send_at
            WHERE id = (SELECT id FROM newsletter_issue WHERE status = 'scheduled' AND send_at <= now()
                        ORDER BY send_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING id
            """;

    @Inject EntityManager entityManager;
    @Inject NewsletterService newsletter;

    @Scheduled(identity = "newsletter-scheduled-issues", every = "${glossary.newsletter.publish-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        publishDue();
    }

    /** Starts every due issue, one transaction each; returns how many. */
    public int publishDue() {
        int started = 0;
        while (QuarkusTransaction.requiringNew().call(this::publishOneDue)) {
            started++;
        }
        return started;
    }

    private boolean publishOneDue() {
        List<?> claimed = entityManager.createNativeQuery(CLAIM_DUE).getResultList();
        claimed.forEach(id -> newsletter.queueDelivery(((Number) id).longValue()));
        return !claimed.isEmpty();
    }
}
