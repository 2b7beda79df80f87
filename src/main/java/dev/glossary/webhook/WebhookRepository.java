package dev.glossary.webhook;

import dev.glossary.common.DatabaseFailure;
import dev.glossary.common.PageRequest;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Endpoints and their deliveries log, in plain SQL (arrays and bytea); callers own the transactions. */
@ApplicationScoped
public class WebhookRepository {

    private static final String COLUMNS = "id, url, events, created_at, disabled_at";

    private final AgroalDataSource dataSource;

    WebhookRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    WebhookResponse insert(String url, List<String> events, byte[] secret) {
        return one("INSERT INTO webhook_endpoint (url, events, secret) VALUES (?, ?, ?) RETURNING " + COLUMNS,
                url, events.toArray(String[]::new), secret).orElseThrow();
    }

    Optional<WebhookResponse> find(long id) {
        return one("SELECT " + COLUMNS + " FROM webhook_endpoint WHERE id = ?", id);
    }

    long count() {
        return count("SELECT count(*) FROM webhook_endpoint");
    }

    List<WebhookResponse> newestFirst(PageRequest page) {
        return list("SELECT " + COLUMNS + " FROM webhook_endpoint ORDER BY id DESC LIMIT ? OFFSET ?",
                page.size(), page.offset());
    }

    boolean delete(long id) {
        return update("DELETE FROM webhook_endpoint WHERE id = ?", id) == 1;
    }

    /** A new key; the current one keeps signing, second, until {@code overlap} has passed. */
    Optional<WebhookResponse> rotate(long id, byte[] secret, Duration overlap) {
        return one("UPDATE webhook_endpoint SET previous_secret = secret, secret = ?,"
                + " previous_secret_until = now() + make_interval(secs => ?) WHERE id = ? RETURNING " + COLUMNS,
                secret, overlap.toSeconds(), id);
    }

    long countDeliveries(long endpointId) {
        return count("SELECT count(*) FROM webhook_delivery WHERE endpoint_id = ?", endpointId);
    }

    List<WebhookDeliveryView> deliveriesNewestFirst(long endpointId, PageRequest page) {
        List<WebhookDeliveryView> deliveries = new ArrayList<>(page.size());
        query("""
                SELECT 'msg_' || e.message_id, e.type, d.attempts, d.state, d.last_response_status,
                       coalesce(d.last_attempt_at, d.created_at)
                FROM webhook_delivery d JOIN webhook_event e ON e.id = d.event_id
                WHERE d.endpoint_id = ? ORDER BY d.id DESC LIMIT ? OFFSET ?
                """, row -> deliveries.add(new WebhookDeliveryView(row.getString(1), row.getString(2), row.getInt(3),
                row.getString(4), (Integer) row.getObject(5), row.getTimestamp(6).toInstant())),
                endpointId, page.size(), page.offset());
        return deliveries;
    }

    private Optional<WebhookResponse> one(String sql, Object... parameters) {
        List<WebhookResponse> found = list(sql, parameters);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    private List<WebhookResponse> list(String sql, Object... parameters) {
        List<WebhookResponse> endpoints = new ArrayList<>();
        query(sql, row -> endpoints.add(endpoint(row)), parameters);
        return endpoints;
    }

    private static WebhookResponse endpoint(ResultSet row) throws SQLException {
        String[] events = (String[]) row.getArray(3).getArray();
        return new WebhookResponse(row.getLong(1), row.getString(2), Arrays.asList(events), null,
                row.getTimestamp(4).toInstant(), instant(row.getTimestamp(5)));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    private void query(String sql, RowReader reader, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql, parameters);
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                reader.read(rows);
            }
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    private long count(String sql, Object... parameters) {
        long[] count = {0};
        query(sql, row -> count[0] = row.getLong(1), parameters);
        return count[0];
    }

    private int update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql, parameters)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            Object parameter = parameters[i];
            if (parameter instanceof String[] texts) {
                statement.setArray(i + 1, connection.createArrayOf("text", texts));
            } else {
                statement.setObject(i + 1, parameter);
            }
        }
        return statement;
    }
}
