package dev.glossary.subscriber.ratelimit;

import dev.glossary.common.ClientAddress;
import dev.glossary.common.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** Limits subscribe requests per {@link ClientAddress}. */
@ApplicationScoped
public class SubscribeRateLimit {

    private static final String KEY_PREFIX = "subscribe:";

    private final RateLimitCounters counters;
    private final RateLimitConfig config;

    SubscribeRateLimit(RateLimitCounters counters, RateLimitConfig config) {
        this.counters = counters;
        this.config = config;
    }

    /** Counts the request; past the limit, a 429 that says when to retry. */
    public void check(HttpServerRequest request) {
        if (!config.enabled()) {
            return;
        }
        String key = KEY_PREFIX + ClientAddress.of(request);
        // Its own transaction: the hit counts even when the request fails later.
        var count = QuarkusTransaction.requiringNew().call(() -> counters.hit(key, config.window()));
        if (count.hits() > config.requests()) {
            throw ProblemException.tooManyRequests(Duration.ofSeconds(Math.max(1, count.secondsLeft())));
        }
    }

    @Scheduled(identity = "rate-limit-purge", every = "10m", delayed = "1m")
    void purgeEndedWindows() {
        QuarkusTransaction.requiringNew().run(() -> counters.deleteEndedBefore(config.window()));
    }
}
