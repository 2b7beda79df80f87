package dev.glossary.newsletter;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The issue mails waiting to go out, in plain SQL: claims and outcomes are whole batches, passed
 * as arrays, so a batch costs a few statements rather than a few per mail. Callers own the
 * transactions.
 */
@ApplicationScoped
public class DeliveryQueue {

    /**
     * Claims due rows that no other sender holds. A row whose subscriber is no longer confirmed is
     * skipped; every other one gets a fresh unsubscribe token (only its SHA-256 is stored, as for
     * every token) and leaves 'queued' for good.
     */
    private static final String CLAIM = """
            WITH due AS (
                SELECT id FROM newsletter_mail
                WHERE state = 'queued' AND next_attempt_at <= now()
                ORDER BY next_attempt_at, id
                LIMIT ?
                FOR UPDATE SKIP LOCKED),
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
            """;

    private static final String SENT = """
            UPDATE newsletter_mail SET state = 'sent', attempts = attempts + 1, finished_at = now(), last_error = NULL
            WHERE id = ANY (?) AND state = 'sending'
            """;

    private static final String RETRY = """
            UPDATE newsletter_mail m
            SET state = 'queued', attempts = m.attempts + 1, last_error = r.error,
                next_attempt_at = now() + make_interval(secs => r.delay)
            FROM unnest(?::bigint[], ?::text[], ?::float8[]) AS r(id, error, delay)
            WHERE m.id = r.id AND m.state = 'sending'
            """;

    private static final String FAILED = """
            UPDATE newsletter_mail m
            SET state = 'failed', attempts = m.attempts + 1, last_error = f.error, finished_at = now()
            FROM unnest(?::bigint[], ?::text[]) AS f(id, error)
            WHERE m.id = f.id AND m.state = 'sending'
            """;

    private static final String ABANDONED = """
            UPDATE newsletter_mail
            SET state = 'failed', finished_at = now(),
                last_error = 'outcome unknown: its sender stopped during the SMTP transaction; not resent'
            WHERE state = 'sending' AND claimed_at < now() - make_interval(secs => ?)
            """;

    private static final String FINISH_DRAINED = """
            UPDATE newsletter_delivery d SET finished_at = now()
            WHERE d.finished_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM newsletter_mail m
                              WHERE m.issue_id = d.issue_id AND m.state IN ('queued', 'sending'))
            """;

    private final AgroalDataSource dataSource;

    DeliveryQueue(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    List<ClaimedMail> claim(int limit) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement claim = connection.prepareStatement(CLAIM)) {
            claim.setInt(1, limit);
            List<ClaimedMail> mails = new ArrayList<>(limit);
            try (ResultSet rows = claim.executeQuery()) {
                while (rows.next()) {
                    mails.add(new ClaimedMail(rows.getLong(1), rows.getLong(2), rows.getLong(3), rows.getInt(4),
                            rows.getString(5), rows.getString(6), rows.getString(7), rows.getString(8),
                            rows.getString(9)));
                }
            }
            return mails;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not claim issue mails", e);
        }
    }

    void record(Outcomes outcomes) {
        try (Connection connection = dataSource.getConnection()) {
            if (!outcomes.sent.isEmpty()) {
                execute(connection, SENT, connection.createArrayOf("bigint", outcomes.sent.toArray()));
            }
            if (!outcomes.retryIds.isEmpty()) {
                execute(connection, RETRY, connection.createArrayOf("bigint", outcomes.retryIds.toArray()),
                        connection.createArrayOf("text", outcomes.retryErrors.toArray()),
                        connection.createArrayOf("float8", outcomes.retryDelays.toArray()));
            }
            if (!outcomes.failedIds.isEmpty()) {
                execute(connection, FAILED, connection.createArrayOf("bigint", outcomes.failedIds.toArray()),
                        connection.createArrayOf("text", outcomes.failedErrors.toArray()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record issue mail outcomes", e);
        }
    }

    private static void execute(Connection connection, String sql, Array... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setArray(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }

    /** Gives up mails whose sender died mid-send; returns how many. */
    int giveUpAbandoned(Duration after) {
        return update(ABANDONED, after.toMillis() / 1000.0);
    }

    /** Marks deliveries with nothing left to send as finished. */
    int finishDrained() {
        return update(FINISH_DRAINED, null);
    }

    boolean anythingDue() {
        return count("SELECT count(*) FROM (SELECT 1 FROM newsletter_mail WHERE state = 'queued'"
                + " AND next_attempt_at <= now() LIMIT 1) due") > 0;
    }

    /** Issue mails not yet sent, failed or skipped, for the gauge. */
    long remaining() {
        return count("SELECT count(*) FROM newsletter_mail WHERE state IN ('queued', 'sending')");
    }

    private int update(String sql, Object parameter) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            if (parameter != null) {
                statement.setObject(1, parameter);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Issue mail queue update failed", e);
        }
    }

    private long count(String sql) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet rows = statement.executeQuery()) {
            return rows.next() ? rows.getLong(1) : 0;
        } catch (SQLException e) {
            throw new IllegalStateException("Issue mail queue query failed", e);
        }
    }

    /** What became of one batch. */
    static final class Outcomes {
        final List<Long> sent = new ArrayList<>();
        final List<Long> retryIds = new ArrayList<>();
        final List<String> retryErrors = new ArrayList<>();
        final List<Double> retryDelays = new ArrayList<>();
        final List<Long> failedIds = new ArrayList<>();
        final List<String> failedErrors = new ArrayList<>();

        void sent(long id) {
            sent.add(id);
        }

        void retry(long id, String error, Duration delay) {
            retryIds.add(id);
            retryErrors.add(error);
            retryDelays.add(delay.toMillis() / 1000.0);
        }

        void failed(long id, String error) {
            failedIds.add(id);
            failedErrors.add(error);
        }
    }
}
