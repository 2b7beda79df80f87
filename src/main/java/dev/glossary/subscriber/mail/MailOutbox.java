package dev.glossary.subscriber.mail;

import dev.glossary.subscriber.SubscriberStatus;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The transactional outbox. A mail is queued in the transaction that changes the subscriber, so
 * both are committed or neither is. The raw tokens the mail shows live here only while it is
 * queued: they cannot be derived from the stored hashes, and they are blanked once it is done.
 */
@ApplicationScoped
public class MailOutbox {

    private static final String BLANK_SECRETS = "confirm_token = NULL, unsubscribe_token = NULL, finished_at = now()";

    public void enqueueConfirmation(long subscriberId, String confirmToken, String unsubscribeToken) {
        Panache.getEntityManager().createNativeQuery("""
                INSERT INTO mail_outbox (subscriber_id, kind, confirm_token, unsubscribe_token)
                VALUES (:subscriber, :kind, :confirm, :unsubscribe)
                """)
                .setParameter("subscriber", subscriberId)
                .setParameter("kind", QueuedMail.CONFIRMATION)
                .setParameter("confirm", confirmToken)
                .setParameter("unsubscribe", unsubscribeToken)
                .executeUpdate();
    }

    /**
     * The oldest due mail, locked for this transaction. SKIP LOCKED lets every replica's sender
     * run at once without two of them taking the same mail.
     */
    Optional<QueuedMail> claimNextDue() {
        List<?> rows = Panache.getEntityManager().createNativeQuery("""
                SELECT o.id, o.kind, s.email, s.status, o.confirm_token, o.unsubscribe_token, o.attempts
                FROM mail_outbox o JOIN subscriber s ON s.id = o.subscriber_id
                WHERE o.state = 'queued' AND o.next_attempt_at <= now()
                ORDER BY o.next_attempt_at, o.id
                LIMIT 1
                FOR UPDATE OF o SKIP LOCKED
                """).getResultList();
        return rows.stream().map(Object[].class::cast).findFirst().map(row -> new QueuedMail(
                ((Number) row[0]).longValue(), (String) row[1], (String) row[2], SubscriberStatus.of((String) row[3]),
                (String) row[4], (String) row[5], ((Number) row[6]).intValue()));
    }

    void markSent(long id) {
        finish(id, "sent");
    }

    void cancel(long id) {
        finish(id, "cancelled");
    }

    void giveUp(long id, int attempts, String error) {
        Panache.getEntityManager().createNativeQuery("UPDATE mail_outbox SET state = 'failed', attempts = :attempts, "
                        + "last_error = :error, " + BLANK_SECRETS + " WHERE id = :id")
                .setParameter("id", id).setParameter("attempts", attempts).setParameter("error", error)
                .executeUpdate();
    }

    void retryLater(long id, int attempts, Duration delay, String error) {
        Panache.getEntityManager().createNativeQuery("""
                UPDATE mail_outbox SET attempts = :attempts, last_error = :error,
                    next_attempt_at = now() + make_interval(secs => :delay)
                WHERE id = :id
                """)
                .setParameter("id", id).setParameter("attempts", attempts).setParameter("error", error)
                .setParameter("delay", delay.toMillis() / 1000.0)
                .executeUpdate();
    }

    /**
     * Drops the subscriber's queued mails. A mail a sender holds right now is skipped rather than
     * waited for: it is a confirmation, and the sender checks the subscriber's status anyway.
     */
    public void cancelQueuedFor(long subscriberId) {
        Panache.getEntityManager().createNativeQuery("UPDATE mail_outbox SET state = 'cancelled', " + BLANK_SECRETS
                        + " WHERE id IN (SELECT id FROM mail_outbox WHERE subscriber_id = :subscriber"
                        + " AND state = 'queued' FOR UPDATE SKIP LOCKED)")
                .setParameter("subscriber", subscriberId).executeUpdate();
    }

    private void finish(long id, String state) {
        Panache.getEntityManager().createNativeQuery(
                        "UPDATE mail_outbox SET state = :state, " + BLANK_SECRETS + " WHERE id = :id")
                .setParameter("id", id).setParameter("state", state).executeUpdate();
    }
}
