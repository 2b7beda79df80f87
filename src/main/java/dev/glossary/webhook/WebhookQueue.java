package dev.glossary.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glossary.outbox.OutboxQueue;
import dev.glossary.outbox.Outcome;
import dev.glossary.term.ChangeFeed;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The webhook outbox: a claim is a lease (at least once), and a delivery waits while an earlier one
 * to its endpoint for its term is pending, so a receiver sees one term's events in order.
 */
@ApplicationScoped
public class WebhookQueue {

    private static final String CLAIM = """
            WITH due AS (
                SELECT d.id FROM webhook_delivery d JOIN webhook_endpoint e ON e.id = d.endpoint_id
                WHERE d.state = 'pending' AND d.next_attempt_at <= now()
                  AND (d.leased_until IS NULL OR d.leased_until < now())
                  AND e.disabled_at IS NULL
                  AND (d.term_id IS NULL OR NOT EXISTS (
                      SELECT 1 FROM webhook_delivery earlier
                      WHERE earlier.endpoint_id = d.endpoint_id AND earlier.term_id = d.term_id
                        AND earlier.state = 'pending' AND earlier.id < d.id))
                ORDER BY d.next_attempt_at, d.id
                LIMIT :limit
                FOR UPDATE OF d SKIP LOCKED)
            UPDATE webhook_delivery d SET leased_until = now() + make_interval(secs => :lease)
            FROM due WHERE d.id = due.id
            RETURNING d.id
            """;

    private static final String UNFROZEN = """
            SELECT e.id, e.type, extract(epoch FROM e.created_at)::bigint, e.term_id, e.public_id::text, e.slug,
                   e.revision, e.issue_id, e.title, c.seq, c.term_id IS NOT NULL
            FROM webhook_event e LEFT JOIN term_change c ON c.term_id = e.term_id
            WHERE e.payload IS NULL AND e.id IN (SELECT event_id FROM webhook_delivery WHERE id = ANY (CAST(:ids AS bigint[])))
            """;

    private static final String FREEZE = "UPDATE webhook_event SET payload = :payload WHERE id = :id AND payload IS NULL";

    private static final String OUTGOING = """
            SELECT d.id, d.endpoint_id, d.attempts, 'msg_' || e.message_id, e.payload, p.url, p.secret,
                   CASE WHEN p.previous_secret_until > now() THEN p.previous_secret END
            FROM webhook_delivery d JOIN webhook_event e ON e.id = d.event_id
                 JOIN webhook_endpoint p ON p.id = d.endpoint_id
            WHERE d.id = ANY (CAST(:ids AS bigint[])) AND e.payload IS NOT NULL
            """;

    /** Back in the queue without an attempt: its event could not be prepared yet. */
    private static final String POSTPONE = """
            UPDATE webhook_delivery SET leased_until = NULL, next_attempt_at = now() + interval '1 second'
            WHERE id = ANY (CAST(:ids AS bigint[])) AND state = 'pending'
            """;

    private static final String RECORD = """
            UPDATE webhook_delivery d
            SET attempts = d.attempts + 1, last_attempt_at = now(), last_response_status = o.status,
                last_error = o.error, leased_until = NULL,
                state = CASE WHEN o.state = 'sent' THEN 'delivered'
                             WHEN now() + make_interval(secs => o.delay) > d.created_at + make_interval(secs => :window)
                             THEN 'failed' ELSE 'pending' END,
                next_attempt_at = now() + make_interval(secs => o.delay)
            FROM unnest(CAST(:ids AS bigint[]), CAST(:statuses AS int[]), CAST(:errors AS text[]), CAST(:states AS text[]),
                        CAST(:delays AS float8[])) AS o (id, status, error, state, delay)
            WHERE d.id = o.id AND d.state = 'pending'
            """;

    /** Finished deliveries leave the log after this; their events go with the last of them. */
    static final Duration LOG_RETENTION = Duration.ofDays(30);

    private static final String FORGET = """
            DELETE FROM webhook_event e
            WHERE e.created_at < now() - make_interval(secs => :retention)
              AND NOT EXISTS (SELECT 1 FROM webhook_delivery d WHERE d.event_id = e.id AND d.state = 'pending')
            """;

    private static final String DISABLE = """
            UPDATE webhook_endpoint SET disabled_at = now() WHERE id = ANY (CAST(:ids AS bigint[])) AND disabled_at IS NULL
            """;

    /** A delivery ready to go: the frozen bytes and the keys that sign them. */
    record Outgoing(long id, long endpointId, int attempts, String webhookId, byte[] payload, String url, byte[] secret,
            byte[] previousSecret) implements OutboxQueue.Claimed {
    }

    private final ChangeFeed feed;
    private final ObjectMapper json;

    WebhookQueue(ChangeFeed feed, ObjectMapper json) {
        this.feed = feed;
        this.json = json;
    }

    /**
     * Claims up to {@code limit} due deliveries for {@code lease}, prepares their events (freezing
     * each payload the first time) and answers those ready to send; the others go back to the queue.
     */
    List<Outgoing> claim(int limit, Duration lease) {
        EntityManager em = Panache.getEntityManager();
        List<?> ids = em.createNativeQuery(CLAIM).setParameter("limit", limit)
                .setParameter("lease", Math.max(1, lease.toSeconds())).getResultList();
        Long[] claimed = ids.stream().map(id -> ((Number) id).longValue()).toArray(Long[]::new);
        if (claimed.length == 0) {
            return List.of();
        }
        freeze(em, claimed);
        List<?> rows = em.createNativeQuery(OUTGOING).setParameter("ids", claimed).getResultList();
        List<Outgoing> outgoing = rows.stream().map(Object[].class::cast).map(row -> new Outgoing(
                ((Number) row[0]).longValue(), ((Number) row[1]).longValue(), ((Number) row[2]).intValue(), (String) row[3],
                (byte[]) row[4], (String) row[5], (byte[]) row[6], (byte[]) row[7])).toList();
        if (outgoing.size() < claimed.length) {
            List<Long> waiting = new ArrayList<>(List.of(claimed));
            outgoing.forEach(ready -> waiting.remove(ready.id()));
            em.createNativeQuery(POSTPONE).setParameter("ids", waiting.toArray(Long[]::new)).executeUpdate();
        }
        return outgoing;
    }

    /**
     * Writes the payload of every claimed event that has none yet. A term event carries the seq of
     * the term's change in the feed, so committed changes are published first; an event whose change
     * is being rewritten right now (no seq yet) waits for the next run.
     */
    private void freeze(EntityManager em, Long[] deliveryIds) {
        List<Unfrozen> unfrozen = unfrozen(em, deliveryIds);
        if (unfrozen.stream().anyMatch(Unfrozen::termEvent)) {
            feed.publishCommitted();
            unfrozen = unfrozen(em, deliveryIds);
        }
        for (Unfrozen event : unfrozen) {
            if (event.body() != null) {
                em.createNativeQuery(FREEZE).setParameter("payload", payload(event.body()))
                        .setParameter("id", event.eventId()).executeUpdate();
            }
        }
    }

    /** An event not yet frozen: its body, or null while its change waits to be published. */
    private record Unfrozen(long eventId, boolean termEvent, Object body) {
    }

    private static List<Unfrozen> unfrozen(EntityManager em, Long[] deliveryIds) {
        List<?> rows = em.createNativeQuery(UNFROZEN).setParameter("ids", deliveryIds).getResultList();
        return rows.stream().map(Object[].class::cast).map(row -> {
            long eventId = ((Number) row[0]).longValue();
            String type = (String) row[1];
            Instant at = Instant.ofEpochSecond(((Number) row[2]).longValue());
            if (row[3] == null) {
                return new Unfrozen(eventId, false, new WebhookPayloads.IssueEvent(type, at,
                        new WebhookPayloads.IssueData(((Number) row[7]).longValue(), (String) row[8])));
            }
            Long seq = row[9] == null ? null : ((Number) row[9]).longValue();
            boolean waiting = seq == null && (Boolean) row[10];
            return new Unfrozen(eventId, true, waiting ? null : new WebhookPayloads.TermEvent(type, at,
                    new WebhookPayloads.TermData(UUID.fromString((String) row[4]), (String) row[5],
                            ((Number) row[6]).intValue(), seq)));
        }).toList();
    }

    private byte[] payload(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A webhook payload of plain values could not be written", e);
        }
    }

    /** Records a batch of attempts; a 410 disables its endpoint at once. */
    void record(List<Outcome<Outgoing, Integer>> attempts, Duration retryWindow) {
        EntityManager em = Panache.getEntityManager();
        em.createNativeQuery(RECORD).setParameter("window", retryWindow.toSeconds())
                .setParameter("ids", Outcome.ids(attempts))
                .setParameter("statuses", attempts.stream().map(WebhookQueue::status).toArray(Integer[]::new))
                .setParameter("errors", Outcome.errors(attempts))
                .setParameter("states", Outcome.states(attempts))
                .setParameter("delays", Outcome.delays(attempts))
                .executeUpdate();
        Long[] gone = attempts.stream().filter(attempt -> Integer.valueOf(410).equals(status(attempt)))
                .map(attempt -> attempt.item().endpointId()).distinct().toArray(Long[]::new);
        if (gone.length > 0) {
            em.createNativeQuery(DISABLE).setParameter("ids", gone).executeUpdate();
        }
    }

    /** The receiver's status code, null when it did not answer. */
    private static Integer status(Outcome<Outgoing, Integer> attempt) {
        return attempt.result() != null ? attempt.result()
                : attempt.failure() instanceof WebhookSender.Answered answered ? answered.status : null;
    }

    /** Drops events older than the log's retention whose deliveries are all finished; returns how many. */
    @Transactional
    int forgetOld() {
        return Panache.getEntityManager().createNativeQuery(FORGET).setParameter("retention", LOG_RETENTION.toSeconds())
                .executeUpdate();
    }
}
