package dev.glossary.webhook;

import dev.glossary.config.GlossaryConfig;
import dev.glossary.subscriber.mail.OutboxSender;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Delivers the webhook outbox: claims due deliveries ({@link WebhookQueue}), POSTs each with the
 * Standard Webhooks headers, signed over the exact bytes sent, and records the answers. Like the
 * newsletter's IssueSender it runs on the scheduler in every replica; claims skip what another holds.
 */
@ApplicationScoped
public class WebhookSender {

    private static final Logger LOG = Logger.getLogger(WebhookSender.class);
    private static final int MAX_ERROR_LENGTH = 500;
    /** A claim outlives the slowest attempt by this much, so two senders never hold one delivery. */
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(20);

    private final WebhookQueue queue;
    private final WebhookTargets targets;
    private final GlossaryConfig config;
    private final WebClient client;
    private final Counter delivered;
    private final Counter failedAttempts;
    private volatile boolean stopping;

    WebhookSender(WebhookQueue queue, WebhookTargets targets, GlossaryConfig config, Vertx vertx, MeterRegistry registry) {
        this.queue = queue;
        this.targets = targets;
        this.config = config;
        int timeout = (int) config.webhooks().timeout().toMillis();
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setFollowRedirects(false) // a 3xx is an answer outside 2xx: retried, never followed
                .setConnectTimeout(timeout)
                .setUserAgent("Glossary-Webhooks/1.0")
                .setMaxPoolSize(Math.max(4, config.webhooks().batchSize())));
        this.delivered = attempts(registry, "delivered");
        this.failedAttempts = attempts(registry, "failed");
    }

    private static Counter attempts(MeterRegistry registry, String outcome) {
        return Counter.builder("glossary.webhooks.attempts").tag("outcome", outcome)
                .description("Webhook delivery attempts by outcome").register(registry);
    }

    @PreDestroy
    void stop() {
        stopping = true;
        client.close();
    }

    @Scheduled(identity = "webhook-delivery", every = "${glossary.webhooks.send-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        try {
            deliverDue();
        } catch (RuntimeException e) {
            LOG.warnf("Webhook sender run stopped, the next run goes on: %s", e.getClass().getSimpleName());
        }
    }

    /** Keeps the outbox and the deliveries log to {@link WebhookQueue#LOG_RETENTION}. */
    @Scheduled(identity = "webhook-log-retention", every = "1H", delayed = "1M",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetOld() {
        try {
            queue.forgetOld();
        } catch (RuntimeException e) {
            LOG.warnf("Old webhook events not dropped, the next run tries again: %s", e.getClass().getSimpleName());
        }
    }

    /** Sends every delivery due now, batch after batch; returns how many attempts were made. */
    public int deliverDue() {
        int batchSize = config.webhooks().batchSize();
        Duration lease = config.webhooks().timeout().plus(LEASE_MARGIN);
        int made = 0;
        while (!stopping) {
            List<WebhookQueue.Outgoing> batch = queue.claim(batchSize, lease);
            if (batch.isEmpty()) {
                break;
            }
            List<CompletableFuture<WebhookQueue.Attempt>> attempts = new ArrayList<>(batch.size());
            batch.forEach(delivery -> attempts.add(attempt(delivery)));
            List<WebhookQueue.Attempt> outcomes = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                outcomes.add(await(batch.get(i), attempts.get(i)));
            }
            queue.record(outcomes, config.webhooks().retryWindow());
            made += outcomes.size();
        }
        return made;
    }

    private CompletableFuture<WebhookQueue.Attempt> attempt(WebhookQueue.Outgoing delivery) {
        WebhookTarget target;
        InetAddress address;
        try {
            target = WebhookTarget.parse(delivery.url());
            address = targets.addressForDelivery(target);
        } catch (WebhookTargets.Refused | RuntimeException e) {
            return CompletableFuture.completedFuture(failed(delivery, null, "not sent: " + e.getMessage()));
        }
        long timestamp = Instant.now().getEpochSecond();
        String signature = WebhookSecrets.signature(delivery.secret(), delivery.webhookId(), timestamp, delivery.payload());
        if (delivery.previousSecret() != null) {
            signature += " " + WebhookSecrets.signature(delivery.previousSecret(), delivery.webhookId(), timestamp,
                    delivery.payload());
        }
        RequestOptions options = new RequestOptions().setHost(target.resolvableHost()).setPort(target.port())
                .setSsl(target.https()).setURI(target.pathAndQuery());
        // Connects to the address the guard checked, whatever the name resolves to by now.
        SocketAddress server = SocketAddress.inetSocketAddress(target.port(), address.getHostAddress());
        return client.request(HttpMethod.POST, server, options)
                .putHeader("content-type", "application/json")
                .putHeader("webhook-id", delivery.webhookId())
                .putHeader("webhook-timestamp", String.valueOf(timestamp))
                .putHeader("webhook-signature", signature)
                .timeout(config.webhooks().timeout().toMillis())
                .sendBuffer(Buffer.buffer(delivery.payload()))
                .toCompletionStage().toCompletableFuture()
                .handle((response, failure) -> outcome(delivery, response, failure));
    }

    private WebhookQueue.Attempt outcome(WebhookQueue.Outgoing delivery, HttpResponse<Buffer> response, Throwable failure) {
        if (failure != null) {
            return failed(delivery, null, describe(failure));
        }
        if (response.statusCode() >= 200 && response.statusCode() < 300) {
            delivered.increment();
            return new WebhookQueue.Attempt(delivery.id(), delivery.endpointId(), response.statusCode(), null, Duration.ZERO);
        }
        if (response.statusCode() == 410) {
            LOG.warnf("Webhook %d answered 410 Gone: disabled", delivery.endpointId());
        }
        return failed(delivery, response.statusCode(), "answered " + response.statusCode());
    }

    private WebhookQueue.Attempt failed(WebhookQueue.Outgoing delivery, Integer status, String error) {
        failedAttempts.increment();
        return new WebhookQueue.Attempt(delivery.id(), delivery.endpointId(), status, truncate(error),
                retryDelay(delivery.attempts() + 1));
    }

    /** Doubling delays up to the maximum, each cut to a random 50-100 %, so that receivers coming back are not stampeded. */
    private Duration retryDelay(int attempts) {
        Duration full = OutboxSender.backoff(attempts, config.webhooks().initialBackoff(), config.webhooks().maxBackoff());
        return Duration.ofMillis((long) (full.toMillis() * ThreadLocalRandom.current().nextDouble(0.5, 1.0)));
    }

    /** Waits for an attempt a little past the client's own time-out; a late one counts as failed. */
    private WebhookQueue.Attempt await(WebhookQueue.Outgoing delivery, CompletableFuture<WebhookQueue.Attempt> attempt) {
        try {
            return attempt.get(config.webhooks().timeout().toMillis() + 2000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(delivery, null, "interrupted");
        } catch (ExecutionException | TimeoutException e) {
            return failed(delivery, null, describe(e));
        }
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof ExecutionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private static String truncate(String error) {
        return error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error;
    }
}
