package dev.glossary.newsletter;

import dev.glossary.outbox.OutboxQueue;
import dev.glossary.outbox.Outcome;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/** The issue mails waiting to go out; a batch costs a few statements, not a few per mail. */
@ApplicationScoped
public class DeliveryQueue {

    /**
     * Claims due rows that no other sender holds. A row whose subscriber is no longer confirmed is
     * skipped; every other one gets a fresh unsubscribe token (only its SHA-256 is stored, as for
     * every token) and leaves 'queued' for good: at most once.
     */
    private static final String CLAIM = """
            WITH due AS (%s),
            claimed AS (
                UPDATE newsletter_mail m
                SET state = CASE WHEN s.status = 'confirmed' THEN 'sending' ELSE 'skipped' END,
                    claimed_at = now(),
                    finished_at = CASE WHEN s.status = 'confirmed' THEN NULL ELSE now() END
                FROM due, subscriber s
                WHERE m.id = due.id AND s.id = m.subscriber_id
                RETURNING m.id, m.issue_id, m.subscriber_id, m.attempts, m.state, s.email),
            tokens AS (
                SELECT id, subscriber_id, translate(encode(
                        uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()), 'base64'), '+/=', '-_') AS token
                FROM claimed WHERE state = 'sending'),
            stored AS (
                INSERT INTO subscriber_token (token_hash, subscriber_id, purpose)
                SELECT sha256(convert_to(token, 'UTF8')), subscriber_id, 'unsubscribe' FROM tokens)
            SELECT c.id, c.issue_id, c.subscriber_id, c.attempts, c.email, t.token, i.title, i.summary, i.url
            FROM claimed c JOIN newsletter_issue i ON i.id = c.issue_id LEFT JOIN tokens t ON t.id = c.id
            """.formatted(OutboxQueue.dueRows("newsletter_mail"));

    /** Only a 'sending' row is recorded: one given up as abandoned meanwhile stays failed. */
    private static final String RECORD = """
            UPDATE newsletter_mail m
            SET state = r.state, attempts = m.attempts + 1, last_error = r.error,
                next_attempt_at = now() + make_interval(secs => r.delay),
                finished_at = CASE WHEN r.state <> 'queued' THEN now() END
            FROM unnest(CAST(:ids AS bigint[]), CAST(:states AS text[]), CAST(:errors AS text[]),
                        CAST(:delays AS float8[])) AS r (id, state, error, delay)
            WHERE m.id = r.id AND m.state = 'sending'
            """;

    private static final String ABANDONED = """
            UPDATE newsletter_mail
            SET state = 'failed', finished_at = now(),
                last_error = 'outcome unknown: its sender stopped during the SMTP transaction; not resent'
            WHERE state = 'sending' AND claimed_at < now() - make_interval(secs => :after)
            """;

    private static final String FINISH_DRAINED = """
            UPDATE newsletter_delivery d SET finished_at = now()
            WHERE d.finished_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM newsletter_mail m
                              WHERE m.issue_id = d.issue_id AND m.state IN ('queued', 'sending'))
            """;

    private static final String ANYTHING_DUE = """
            SELECT count(*) FROM (SELECT 1 FROM newsletter_mail WHERE state = 'queued' AND next_attempt_at <= now() LIMIT 1) due
            """;

    private static final String REMAINING = "SELECT count(*) FROM newsletter_mail WHERE state IN ('queued', 'sending')";

    List<ClaimedMail> claim(int limit) {
        List<?> rows = Panache.getEntityManager().createNativeQuery(CLAIM).setParameter("limit", limit).getResultList();
        return rows.stream().map(Object[].class::cast).map(row -> new ClaimedMail(((Number) row[0]).longValue(),
                ((Number) row[1]).longValue(), ((Number) row[2]).longValue(), ((Number) row[3]).intValue(),
                (String) row[4], (String) row[5], (String) row[6], (String) row[7], (String) row[8])).toList();
    }

    void record(List<? extends Outcome<ClaimedMail, ?>> outcomes) {
        var recorded = outcomes.stream().filter(outcome -> outcome.kind() != Outcome.Kind.SKIPPED).toList();
        if (!recorded.isEmpty()) {
            Panache.getEntityManager().createNativeQuery(RECORD)
                    .setParameter("ids", Outcome.ids(recorded))
                    .setParameter("states", Outcome.states(recorded))
                    .setParameter("errors", Outcome.errors(recorded))
                    .setParameter("delays", Outcome.delays(recorded))
                    .executeUpdate();
        }
    }

    /** Gives up mails whose sender died mid-send; returns how many. */
    int giveUpAbandoned(Duration after) {
        return Panache.getEntityManager().createNativeQuery(ABANDONED).setParameter("after", after.toSeconds()).executeUpdate();
    }

    /** Marks deliveries with nothing left to send as finished. */
    void finishDrained() {
        Panache.getEntityManager().createNativeQuery(FINISH_DRAINED).executeUpdate();
    }

    boolean anythingDue() {
        return count(ANYTHING_DUE) > 0;
    }

    /** Issue mails not yet sent, failed or skipped, for the gauge. */
    long remaining() {
        return count(REMAINING);
    }

    private static long count(String sql) {
        return ((Number) Panache.getEntityManager().createNativeQuery(sql).getSingleResult()).longValue();
    }
}
