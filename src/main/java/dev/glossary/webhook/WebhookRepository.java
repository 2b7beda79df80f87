package dev.glossary.webhook;

import dev.glossary.common.PageRequest;
import dev.glossary.webhook.WebhookService.WebhookResponse;
import dev.glossary.webhook.WebhookService.WebhookDeliveryView;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Query;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Endpoints and their deliveries log, in plain SQL (arrays and bytea); callers own the transactions. */
@ApplicationScoped
public class WebhookRepository {

    private static final String COLUMNS = "id, url, events, created_at, disabled_at";
    private static final String INSERT = "INSERT INTO webhook_endpoint (url, events, secret)"
            + " VALUES (:url, CAST(:events AS text[]), :secret) RETURNING " + COLUMNS;
    private static final String FIND = "SELECT " + COLUMNS + " FROM webhook_endpoint WHERE id = :id";
    private static final String COUNT = "SELECT count(*) FROM webhook_endpoint";
    private static final String NEWEST_FIRST = "SELECT " + COLUMNS + " FROM webhook_endpoint ORDER BY id DESC"
            + " LIMIT :limit OFFSET :offset";
    private static final String DELETE = "DELETE FROM webhook_endpoint WHERE id = :id";
    private static final String ROTATE = "UPDATE webhook_endpoint SET previous_secret = secret, secret = :secret,"
            + " previous_secret_until = now() + make_interval(secs => :overlap) WHERE id = :id RETURNING " + COLUMNS;
    private static final String COUNT_DELIVERIES = "SELECT count(*) FROM webhook_delivery WHERE endpoint_id = :id";
    private static final String DELIVERIES_NEWEST_FIRST = """
            SELECT 'msg_' || e.message_id, e.type, d.attempts, d.state, d.last_response_status,
                   coalesce(d.last_attempt_at, d.created_at)
            FROM webhook_delivery d JOIN webhook_event e ON e.id = d.event_id
            WHERE d.endpoint_id = :id ORDER BY d.id DESC LIMIT :limit OFFSET :offset
            """;

    WebhookResponse insert(String url, List<String> events, byte[] secret) {
        return one(query(INSERT).setParameter("url", url).setParameter("events", events.toArray(String[]::new))
                .setParameter("secret", secret)).orElseThrow();
    }

    Optional<WebhookResponse> find(long id) {
        return one(query(FIND).setParameter("id", id));
    }

    long count() {
        return ((Number) query(COUNT).getSingleResult()).longValue();
    }

    List<WebhookResponse> newestFirst(PageRequest page) {
        return endpoints(paged(query(NEWEST_FIRST), page));
    }

    boolean delete(long id) {
        return query(DELETE).setParameter("id", id).executeUpdate() == 1;
    }

    /** A new key; the current one keeps signing, second, until {@code overlap} has passed. */
    Optional<WebhookResponse> rotate(long id, byte[] secret, Duration overlap) {
        return one(query(ROTATE).setParameter("secret", secret).setParameter("overlap", overlap.toSeconds())
                .setParameter("id", id));
    }

    long countDeliveries(long endpointId) {
        return ((Number) query(COUNT_DELIVERIES).setParameter("id", endpointId).getSingleResult()).longValue();
    }

    List<WebhookDeliveryView> deliveriesNewestFirst(long endpointId, PageRequest page) {
        return rows(paged(query(DELIVERIES_NEWEST_FIRST).setParameter("id", endpointId), page)).stream()
                .map(row -> new WebhookDeliveryView((String) row[0], (String) row[1], ((Number) row[2]).intValue(),
                        (String) row[3], row[4] == null ? null : ((Number) row[4]).intValue(), instant(row[5])))
                .toList();
    }

    private static Query query(String sql) {
        return Panache.getEntityManager().createNativeQuery(sql);
    }

    private static Query paged(Query query, PageRequest page) {
        return query.setParameter("limit", page.size()).setParameter("offset", page.offset());
    }

    private static List<Object[]> rows(Query query) {
        return query.getResultList().stream().map(Object[].class::cast).toList();
    }

    private static Optional<WebhookResponse> one(Query query) {
        return endpoints(query).stream().findFirst();
    }

    private static List<WebhookResponse> endpoints(Query query) {
        return rows(query).stream().map(row -> new WebhookResponse(((Number) row[0]).longValue(), (String) row[1],
                Arrays.asList((String[]) row[2]), null, instant(row[3]), instant(row[4]))).toList();
    }

    private static Instant instant(Object timestamp) {
        return timestamp instanceof OffsetDateTime at ? at.toInstant()
                : timestamp instanceof Timestamp at ? at.toInstant() : (Instant) timestamp;
    }
}
