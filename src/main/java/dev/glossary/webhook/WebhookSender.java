package dev.glossary.webhook;

import dev.glossary.outbox.Outbox;
import dev.glossary.outbox.OutboxQueue;
import dev.glossary.outbox.Outcome;
import dev.glossary.outbox.Retry;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * POSTs each due delivery with the Standard Webhooks headers, signed over the exact bytes sent. The
 * WebClient, not the REST client: it connects to the very address the SSRF guard checked.
 */
@ApplicationScoped
public class WebhookSender implements OutboxQueue<WebhookQueue.Outgoing, Integer> {

    private static final Logger LOG = Logger.getLogger(WebhookSender.class);
    /** A claim outlives the slowest attempt by this much, so two senders never hold one delivery. */
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(20);

    /** A receiver's answer outside 2xx. */
    static final class Answered extends RuntimeException {
        final int status;

        Answered(int status) {
            super("answered " + status, null, false, false);
            this.status = status;
        }
    }

    private final WebhookQueue queue;
    private final WebhookTargets targets;
    private final WebhooksConfig config;
    private final Outbox engine;
    private final WebClient client;

    WebhookSender(WebhookQueue queue, WebhookTargets targets, WebhooksConfig config, Outbox engine, Vertx vertx) {
        this.queue = queue;
        this.targets = targets;
        this.config = config;
        this.engine = engine;
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
        engine.run(this);
    }

    /** Sends every delivery due now, batch after batch; returns how many were delivered. */
    public int deliverDue() {
        return engine.deliverDue(this);
    }

    /** Jittered retries, given up by the retry window rather than a count; a batch goes out at once. */
    @Override
    public Settings settings() {
        return new Settings("Webhook delivery", config.batchSize(), Integer.MAX_VALUE,
                new Retry(config.initialBackoff(), config.maxBackoff(), 0, true),
                "glossary.webhooks.attempts", "Webhook delivery attempts by outcome");
    }

    @Override
    public List<WebhookQueue.Outgoing> claim(int limit) {
        return queue.claim(limit, config.timeout().plus(LEASE_MARGIN));
    }

    @Override
    public CompletionStage<Integer> send(WebhookQueue.Outgoing delivery) {
        WebhookTarget target;
        InetAddress address;
        try {
            target = WebhookTarget.parse(delivery.url());
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

    @Override
    public void record(List<Outcome<WebhookQueue.Outgoing, Integer>> outcomes) {
        queue.record(outcomes, config.retryWindow());
    }

    @Override
    public int forgetOld() {
        return queue.forgetOld();
    }

    @Override
    public String tag(Outcome.Kind kind) {
        return kind == Outcome.Kind.SENT ? "delivered" : kind == Outcome.Kind.SKIPPED ? null : "failed";
    }
}
