package dev.glossary.webhook;

import dev.glossary.outbox.OutboxQueue;
import dev.glossary.term.ChangePublisher;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.Json;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** The webhook outbox: leased claims (at least once), a term's events in order per endpoint; docs/architecture/outbox.md. */
@ApplicationScoped
public class WebhookSender extends OutboxQueue<WebhookSender.Outgoing, Integer> {

    private static final Logger LOG = Logger.getLogger(WebhookSender.class);
    /** A claim outlives the slowest attempt by this much, so two senders never hold one delivery. */
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(20);
    /** Finished deliveries leave the log after this; their events go with the last of them. */
    static final Duration LOG_RETENTION = Duration.ofDays(30);

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
            UPDATE webhook_delivery d SET leased_until = NULL, next_attempt_at = now() + interval '1 second'
            FROM webhook_event e
            WHERE d.id = ANY (CAST(:ids AS bigint[])) AND d.state = 'pending' AND e.id = d.event_id AND e.payload IS NULL
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

    /** A receiver's answer outside 2xx. */
    static final class Answered extends RuntimeException {
        final int status;

        Answered(int status) {
            super("answered " + status, null, false, false);
            this.status = status;
        }
    }

    @Inject ChangePublisher feed;
    @Inject WebhookTargets targets;
    private final WebhooksConfig config;
    private final WebClient client;

    WebhookSender(WebhooksConfig config, Vertx vertx) {
        this.config = config;
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setFollowRedirects(false) // a 3xx is an answer outside 2xx: retried, never followed
                .setConnectTimeout((int) config.timeout().toMillis())
                .setUserAgent("Glossary-Webhooks/1.0")
                .setMaxPoolSize(Math.max(4, config.batchSize())));
    }

    @PreDestroy
    void stop() {
        client.close();
    }

    @Scheduled(identity = "webhook-delivery", every = "${glossary.webhooks.send-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        runScheduled();
    }

    /** Jittered retries, given up by the retry window rather than a count; a batch goes out at once. */
    @Override
    public Settings settings() {
        return new Settings("Webhook delivery", config.batchSize(), Integer.MAX_VALUE,
                new Retry(config.initialBackoff(), config.maxBackoff(), 0, true),
                "glossary.webhooks.attempts", "Webhook delivery attempts by outcome");
    }

    /** Answers the claimed deliveries whose events could be prepared (frozen); the others go back to the queue. */
    @Override
    protected List<Outgoing> claim(int limit) {
        EntityManager em = Panache.getEntityManager();
        List<?> ids = em.createNativeQuery(CLAIM).setParameter("limit", limit)
                .setParameter("lease", config.timeout().plus(LEASE_MARGIN).toSeconds()).getResultList();
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
            em.createNativeQuery(POSTPONE).setParameter("ids", claimed).executeUpdate();
        }
        return outgoing;
    }

    /** Writes each claimed event's payload once; a term event carries its change's seq, so the feed is published first. */
    private void freeze(EntityManager em, Long[] deliveryIds) {
        List<Object[]> unfrozen = unfrozen(em, deliveryIds);
        if (unfrozen.stream().anyMatch(row -> row[3] != null)) {
            feed.publishCommitted();
            unfrozen = unfrozen(em, deliveryIds);
        }
        for (Object[] row : unfrozen) {
            Object body = body(row);
            if (body != null) {
                em.createNativeQuery(FREEZE).setParameter("payload", Json.encodeToBuffer(body).getBytes())
                        .setParameter("id", row[0]).executeUpdate();
            }
        }
    }

    private static List<Object[]> unfrozen(EntityManager em, Long[] deliveryIds) {
        List<?> rows = em.createNativeQuery(UNFROZEN).setParameter("ids", deliveryIds).getResultList();
        return rows.stream().map(Object[].class::cast).toList();
    }

    /** An event's payload; null while its term's change waits to be published. */
    private static Object body(Object[] row) {
        String type = (String) row[1];
        Instant at = Instant.ofEpochSecond(((Number) row[2]).longValue());
        if (row[3] == null) {
            return new WebhookPayloads.IssueEvent(type, at,
                    new WebhookPayloads.IssueData(((Number) row[7]).longValue(), (String) row[8]));
        }
        Long seq = row[9] == null ? null : ((Number) row[9]).longValue();
        return seq == null && (Boolean) row[10] ? null : new WebhookPayloads.TermEvent(type, at,
                new WebhookPayloads.TermData(UUID.fromString((String) row[4]), (String) row[5], ((Number) row[6]).intValue(), seq));
    }

    @Override
    protected CompletionStage<Integer> send(Outgoing delivery) {
        WebhookTargets.Target target;
        InetAddress address;
        try {
            target = WebhookTargets.Target.parse(delivery.url());
            address = targets.addressForDelivery(target);
        } catch (WebhookTargets.Refused | RuntimeException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("not sent: " + e.getMessage()));
        }
        long timestamp = Instant.now().getEpochSecond();
        String signature = WebhookSecrets.signature(delivery.secret(), delivery.webhookId(), timestamp, delivery.payload());
        if (delivery.previousSecret() != null) {
            signature += " " + WebhookSecrets.signature(delivery.previousSecret(), delivery.webhookId(), timestamp,
                    delivery.payload());
        }
        RequestOptions options = new RequestOptions().setHost(target.resolvableHost()).setPort(target.port())
                .setSsl(target.https()).setURI(target.pathAndQuery());
        SocketAddress server = SocketAddress.inetSocketAddress(target.port(), address.getHostAddress());
        return client.request(HttpMethod.POST, server, options)
                .putHeader("content-type", "application/json")
                .putHeader("webhook-id", delivery.webhookId())
                .putHeader("webhook-timestamp", String.valueOf(timestamp))
                .putHeader("webhook-signature", signature)
                .timeout(config.timeout().toMillis())
                .sendBuffer(Buffer.buffer(delivery.payload()))
                .map(response -> {
                    if (response.statusCode() >= 200 && response.statusCode() < 300) {
                        return response.statusCode();
                    }
                    if (response.statusCode() == 410) {
                        LOG.warnf("Webhook %d answered 410 Gone: disabled", delivery.endpointId());
                    }
                    throw new Answered(response.statusCode());
                })
                .toCompletionStage().toCompletableFuture()
                // A little past the client's own time-out: a late answer counts as failed.
                .orTimeout(config.timeout().toMillis() + 2000, TimeUnit.MILLISECONDS);
    }

    /** Records a batch of attempts; a 410 disables its endpoint at once. */
    @Override
    protected void record(List<Outcome<Outgoing, Integer>> attempts) {
        EntityManager em = Panache.getEntityManager();
        Outcome.bind(em.createNativeQuery(RECORD), attempts).setParameter("window", config.retryWindow().toSeconds())
                .setParameter("statuses", attempts.stream().map(WebhookSender::status).toArray(Integer[]::new))
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
                : attempt.failure() instanceof Answered answered ? answered.status : null;
    }

    @Override
    protected int forgetOld() {
        return Panache.getEntityManager().createNativeQuery(FORGET).setParameter("retention", LOG_RETENTION.toSeconds())
                .executeUpdate();
    }

    @Override
    protected String tag(Outcome.Kind kind) {
        return kind == Outcome.Kind.SENT ? "delivered" : kind == Outcome.Kind.SKIPPED ? null : "failed";
    }
}
