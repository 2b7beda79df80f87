package dev.glossary.newsletter;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The issue-mail rate cap for all replicas together: a token bucket in one PostgreSQL row, refilled
 * from the database's clock and holding at most one second's worth, so no replica's clock or
 * count matters.
 */
@ApplicationScoped
public class SendRate {

    private static final String TAKE = """
            WITH bucket AS (
                SELECT least(?, tokens + ? * extract(epoch FROM (clock.at - refilled_at))) AS available, clock.at
                FROM send_rate_bucket, clock_timestamp() AS clock(at)
                WHERE name = 'newsletter'
                FOR UPDATE OF send_rate_bucket)
            UPDATE send_rate_bucket
            SET tokens = bucket.available - least(?, floor(bucket.available)), refilled_at = bucket.at
            FROM bucket
            WHERE name = 'newsletter'
            RETURNING least(?, floor(bucket.available))::int
            """;

    private final AgroalDataSource dataSource;

    SendRate(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Takes up to {@code wanted} mails' worth from the bucket in a transaction of its own; returns how many it got. */
    public int take(int wanted, int perSecond) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement take = connection.prepareStatement(TAKE)) {
            take.setDouble(1, perSecond);
            take.setDouble(2, perSecond);
            take.setInt(3, wanted);
            take.setInt(4, wanted);
            try (ResultSet granted = take.executeQuery()) {
                return granted.next() ? granted.getInt(1) : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not take from the send-rate bucket", e);
        }
    }
}
