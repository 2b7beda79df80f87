package dev.glossary.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glossary.term.feed.ChangeFeed;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The webhook outbox in plain SQL. Every statement stands alone (autocommit): a claim is a lease
 * ({@code leased_until}), so a sender that dies mid-send only delays its deliveries, which another
 * sender retries (at least once). A delivery waits while an earlier one to the same endpoint for
 * the same term is pending, so a receiver sees one term's events in order.
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
                LIMIT ?
                FOR UPDATE OF d SKIP LOCKED)
            UPDATE webhook_delivery d SET leased_until = now() + make_interval(secs => ?)
            FROM due WHERE d.id = due.id
            RETURNING d.id
            """;

    private static final String UNFROZEN = """
            SELECT e.id, e.type, e.created_at, e.term_id, e.public_id, e.slug, e.revision, e.issue_id, e.title,
                   c.seq, c.term_id IS NOT NULL
            FROM webhook_event e LEFT JOIN term_change c ON c.term_id = e.term_id
            WHERE e.payload IS NULL AND e.id IN (SELECT event_id FROM webhook_delivery WHERE id = ANY (?))
            """;

    private static final String FREEZE = "UPDATE webhook_event SET payload = ? WHERE id = ? AND payload IS NULL";

    private static final String OUTGOING = """
            SELECT d.id, d.endpoint_id, d.attempts, 'msg_' || e.message_id, e.payload, p.url, p.secret,
                   CASE WHEN p.previous_secret_until > now() THEN p.previous_secret END
            FROM webhook_delivery d JOIN webhook_event e ON e.id = d.event_id
                 JOIN webhook_endpoint p ON p.id = d.endpoint_id
            WHERE d.id = ANY (?) AND e.payload IS NOT NULL
            """;

    /** Back in the queue without an attempt: its event could not be prepared yet. */
    private static final String POSTPONE = """
            UPDATE webhook_delivery SET leased_until = NULL, next_attempt_at = now() + interval '1 second'
            WHERE id = ANY (?) AND state = 'pending'
            """;

    private static final String RECORD = """
            UPDATE webhook_delivery d
            SET attempts = d.attempts + 1, last_attempt_at = now(), last_response_status = o.status,
                last_error = o.error, leased_until = NULL,
                state = CASE WHEN o.delivered THEN 'delivered'
                             WHEN now() + make_interval(secs => o.delay) > d.created_at + make_interval(secs => ?) THEN 'failed'
                             ELSE 'pending' END,
                next_attempt_at = now() + make_interval(secs => o.delay)
            FROM unnest(?::bigint[], ?::int[], ?::text[], ?::bool[], ?::float8[]) AS o (id, status, error, delivered, delay)
            WHERE d.id = o.id AND d.state = 'pending'
            """;

    /** Finished deliveries leave the log after this; their events go with the last of them. */
    static final Duration LOG_RETENTION = Duration.ofDays(30);

    private static final String FORGET = """
            DELETE FROM webhook_event e
            WHERE e.created_at < now() - make_interval(secs => ?)
              AND NOT EXISTS (SELECT 1 FROM webhook_delivery d WHERE d.event_id = e.id AND d.state = 'pending')
            """;

    private static final String DISABLE = "UPDATE webhook_endpoint SET disabled_at = now() WHERE id = ANY (?) AND disabled_at IS NULL";

    /** A delivery ready to go: the frozen bytes and the keys that sign them. */
    record Outgoing(long id, long endpointId, int attempts, String webhookId, byte[] payload, String url, byte[] secret,
            byte[] previousSecret) {
    }

    /** What one attempt came to. */
    record Attempt(long deliveryId, long endpointId, Integer status, String error, Duration retryAfter) {

        boolean delivered() {
            return status != null && status >= 200 && status < 300;
        }

        boolean gone() {
            return status != null && status == 410;
        }
    }

    private final AgroalDataSource dataSource;
    private final ChangeFeed feed;
    private final ObjectMapper json;

    WebhookQueue(AgroalDataSource dataSource, ChangeFeed feed, ObjectMapper json) {
        this.dataSource = dataSource;
        this.feed = feed;
        this.json = json;
    }

    /**
     * Claims up to {@code limit} due deliveries for {@code lease}, prepares their events (freezing
     * each payload the first time) and answers those ready to send; the others go back to the queue.
     */
    List<Outgoing> claim(int limit, Duration lease) {
        try (Connection connection = dataSource.getConnection()) {
            List<Long> claimed = new ArrayList<>(limit);
            try (PreparedStatement claim = connection.prepareStatement(CLAIM)) {
                claim.setInt(1, limit);
                claim.setLong(2, Math.max(1, lease.toSeconds()));
                try (ResultSet rows = claim.executeQuery()) {
                    while (rows.next()) {
                        claimed.add(rows.getLong(1));
                    }
                }
            }
            if (claimed.isEmpty()) {
                return List.of();
            }
            Array ids = connection.createArrayOf("bigint", claimed.toArray());
            freeze(connection, ids);
            List<Outgoing> outgoing = new ArrayList<>(claimed.size());
            try (PreparedStatement ready = connection.prepareStatement(OUTGOING)) {
                ready.setArray(1, ids);
                try (ResultSet rows = ready.executeQuery()) {
                    while (rows.next()) {
                        outgoing.add(new Outgoing(rows.getLong(1), rows.getLong(2), rows.getInt(3), rows.getString(4),
                                rows.getBytes(5), rows.getString(6), rows.getBytes(7), rows.getBytes(8)));
                    }
                }
            }
            if (outgoing.size() < claimed.size()) {
                List<Long> waiting = new ArrayList<>(claimed);
                outgoing.forEach(ready -> waiting.remove(ready.id()));
                execute(connection, POSTPONE, connection.createArrayOf("bigint", waiting.toArray()));
            }
            return outgoing;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not claim webhook deliveries", e);
        }
    }

    /**
     * Writes the payload of every claimed event that has none yet. A term event carries the seq of
     * the term's change in the feed, so committed changes are published first; an event whose change
     * is being rewritten right now (no seq yet) waits for the next run.
     */
    private void freeze(Connection connection, Array deliveryIds) throws SQLException {
        List<Unfrozen> unfrozen = unfrozen(connection, deliveryIds);
        if (unfrozen.stream().anyMatch(Unfrozen::termEvent)) {
            feed.publishCommitted(connection);
            unfrozen = unfrozen(connection, deliveryIds);
        }
        try (PreparedStatement freeze = connection.prepareStatement(FREEZE)) {
            for (Unfrozen event : unfrozen) {
                if (event.body() != null) {
                    freeze.setBytes(1, payload(event.body()));
                    freeze.setLong(2, event.eventId());
                    freeze.addBatch();
                }
            }
            freeze.executeBatch();
        }
    }

    /** An event not yet frozen: its body, or null while its change waits to be published. */
    private record Unfrozen(long eventId, boolean termEvent, Object body) {
    }

    private static List<Unfrozen> unfrozen(Connection connection, Array deliveryIds) throws SQLException {
        List<Unfrozen> events = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(UNFROZEN)) {
            select.setArray(1, deliveryIds);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    long eventId = row.getLong(1);
                    String type = row.getString(2);
                    Instant at = row.getTimestamp(3).toInstant().truncatedTo(ChronoUnit.SECONDS);
                    if (row.getObject(4) == null) {
                        events.add(new Unfrozen(eventId, false, new WebhookPayloads.IssueEvent(type, at,
                                new WebhookPayloads.IssueData(row.getLong(8), row.getString(9)))));
                        continue;
                    }
                    Long seq = (Long) row.getObject(10);
                    boolean waiting = seq == null && row.getBoolean(11);
                    events.add(new Unfrozen(eventId, true, waiting ? null : new WebhookPayloads.TermEvent(type, at,
                            new WebhookPayloads.TermData(row.getObject(5, UUID.class), row.getString(6), row.getInt(7), seq))));
                }
            }
        }
        return events;
    }

    private byte[] payload(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A webhook payload of plain values could not be written", e);
        }
    }

    /** Records a batch of attempts; a 410 disables its endpoint at once. */
    void record(List<Attempt> attempts, Duration retryWindow) {
        if (attempts.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement record = connection.prepareStatement(RECORD)) {
                record.setLong(1, retryWindow.toSeconds());
                record.setArray(2, connection.createArrayOf("bigint", attempts.stream().map(Attempt::deliveryId).toArray()));
                record.setArray(3, connection.createArrayOf("integer", attempts.stream().map(Attempt::status).toArray()));
                record.setArray(4, connection.createArrayOf("text", attempts.stream().map(Attempt::error).toArray()));
                record.setArray(5, connection.createArrayOf("boolean", attempts.stream().map(Attempt::delivered).toArray()));
                record.setArray(6, connection.createArrayOf("float8",
                        attempts.stream().map(a -> a.retryAfter().toMillis() / 1000.0).toArray()));
                record.executeUpdate();
            }
            Object[] gone = attempts.stream().filter(Attempt::gone).map(Attempt::endpointId).distinct().toArray();
            if (gone.length > 0) {
                execute(connection, DISABLE, connection.createArrayOf("bigint", gone));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record webhook attempts", e);
        }
    }

    /** Drops events older than the log's retention whose deliveries are all finished; returns how many. */
    int forgetOld() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement forget = connection.prepareStatement(FORGET)) {
            forget.setLong(1, LOG_RETENTION.toSeconds());
            return forget.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not drop old webhook events", e);
        }
    }

    private static void execute(Connection connection, String sql, Array parameter) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, parameter);
            statement.executeUpdate();
        }
    }
}
