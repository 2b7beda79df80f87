package dev.glossary.subscriber;

import dev.glossary.outbox.OutboxQueue;
import dev.glossary.outbox.Outcome;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/**
 * Confirmation mails, queued in the transaction that changes the subscriber. The raw tokens they
 * show live here only while queued (the stored hashes cannot give them back), then are blanked.
 */
@ApplicationScoped
public class MailOutbox {

    static final String CONFIRMATION = "confirmation";

    /** A claim lasts this long: a sender that dies mid-batch leaves its mails to another after it (at least once). */
    private static final Duration LEASE = Duration.ofMinutes(15);

    private static final String ENQUEUE = """
            INSERT INTO mail_outbox (subscriber_id, kind, confirm_token, unsubscribe_token)
            VALUES (:subscriber, :kind, :confirm, :unsubscribe)
            """;

    private static final String CLAIM = """
            WITH due AS (%s)
            UPDATE mail_outbox o SET next_attempt_at = now() + make_interval(secs => :lease)
            FROM due, subscriber s
            WHERE o.id = due.id AND s.id = o.subscriber_id
            RETURNING o.id, s.email, s.status, o.confirm_token, o.unsubscribe_token, o.attempts
            """.formatted(OutboxQueue.dueRows("mail_outbox"));

    private static final String RECORD = """
            UPDATE mail_outbox o
            SET state = r.state, last_error = coalesce(r.error, o.last_error),
                attempts = o.attempts + CASE WHEN r.state IN ('queued', 'failed') THEN 1 ELSE 0 END,
                next_attempt_at = now() + make_interval(secs => r.delay),
                confirm_token = CASE WHEN r.state = 'queued' THEN o.confirm_token END,
                unsubscribe_token = CASE WHEN r.state = 'queued' THEN o.unsubscribe_token END,
                finished_at = CASE WHEN r.state <> 'queued' THEN now() END
            FROM unnest(CAST(:ids AS bigint[]), CAST(:states AS text[]), CAST(:errors AS text[]),
                        CAST(:delays AS float8[])) AS r (id, state, error, delay)
            WHERE o.id = r.id
            """;

    /** A mail a sender holds right now is skipped rather than waited for: the sender checks the status anyway. */
    private static final String CANCEL_QUEUED = """
            UPDATE mail_outbox SET state = 'cancelled', confirm_token = NULL, unsubscribe_token = NULL, finished_at = now()
            WHERE id IN (SELECT id FROM mail_outbox WHERE subscriber_id = :subscriber AND state = 'queued'
                         FOR UPDATE SKIP LOCKED)
            """;

    public void enqueueConfirmation(long subscriberId, String confirmToken, String unsubscribeToken) {
        Panache.getEntityManager().createNativeQuery(ENQUEUE)
                .setParameter("subscriber", subscriberId)
                .setParameter("kind", CONFIRMATION)
                .setParameter("confirm", confirmToken)
                .setParameter("unsubscribe", unsubscribeToken)
                .executeUpdate();
    }

    List<QueuedMail> claim(int limit) {
        List<?> rows = Panache.getEntityManager().createNativeQuery(CLAIM)
                .setParameter("limit", limit).setParameter("lease", LEASE.toSeconds()).getResultList();
        return rows.stream().map(Object[].class::cast).map(row -> new QueuedMail(((Number) row[0]).longValue(),
                (String) row[1], SubscriberStatus.of((String) row[2]), (String) row[3], (String) row[4],
                ((Number) row[5]).intValue())).toList();
    }

    void record(List<? extends Outcome<QueuedMail, ?>> outcomes) {
        Panache.getEntityManager().createNativeQuery(RECORD)
                .setParameter("ids", Outcome.ids(outcomes))
                .setParameter("states", Outcome.states(outcomes))
                .setParameter("errors", Outcome.errors(outcomes))
                .setParameter("delays", Outcome.delays(outcomes))
                .executeUpdate();
    }

    public void cancelQueuedFor(long subscriberId) {
        Panache.getEntityManager().createNativeQuery(CANCEL_QUEUED).setParameter("subscriber", subscriberId).executeUpdate();
    }
}
