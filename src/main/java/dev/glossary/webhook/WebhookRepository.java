package dev.glossary.webhook;

import dev.glossary.common.PageRequest;
import dev.glossary.webhook.WebhookService.WebhookDeliveryView;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Endpoints, and their deliveries log in plain SQL; callers own the transactions. */
@ApplicationScoped
public class WebhookRepository implements PanacheRepository<WebhookEndpoint> {

    private static final String ROTATE = "UPDATE webhook_endpoint SET previous_secret = secret, secret = :secret,"
            + " previous_secret_until = now() + make_interval(secs => :overlap) WHERE id = :id";
    private static final String COUNT_DELIVERIES = "SELECT count(*) FROM webhook_delivery WHERE endpoint_id = :id";
    private static final String DELIVERIES_NEWEST_FIRST = """
            SELECT 'msg_' || e.message_id, e.type, d.attempts, d.state, d.last_response_status,
                   coalesce(d.last_attempt_at, d.created_at)
            FROM webhook_delivery d JOIN webhook_event e ON e.id = d.event_id
            WHERE d.endpoint_id = :id ORDER BY d.id DESC LIMIT :limit OFFSET :offset
            """;

    List<WebhookEndpoint> newestFirst(PageRequest page) {
        return findAll(Sort.descending("id")).page(Page.of(page.page(), page.size())).list();
    }

    boolean rotate(long id, byte[] secret, Duration overlap) {
        return getEntityManager().createNativeQuery(ROTATE).setParameter("secret", secret)
                .setParameter("overlap", overlap.toSeconds()).setParameter("id", id).executeUpdate() == 1;
    }

    long countDeliveries(long endpointId) {
        return ((Number) getEntityManager().createNativeQuery(COUNT_DELIVERIES).setParameter("id", endpointId)
                .getSingleResult()).longValue();
    }

    List<WebhookDeliveryView> deliveriesNewestFirst(long endpointId, PageRequest page) {
        List<?> rows = getEntityManager().createNativeQuery(DELIVERIES_NEWEST_FIRST).setParameter("id", endpointId)
                .setParameter("limit", page.size()).setParameter("offset", page.offset()).getResultList();
        return rows.stream().map(Object[].class::cast).map(row -> new WebhookDeliveryView((String) row[0],
                (String) row[1], ((Number) row[2]).intValue(), (String) row[3],
                row[4] == null ? null : ((Number) row[4]).intValue(), (Instant) row[5])).toList();
    }
}
