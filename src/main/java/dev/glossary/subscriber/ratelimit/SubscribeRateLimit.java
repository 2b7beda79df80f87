package dev.glossary.subscriber.ratelimit;

import dev.glossary.web.ClientAddress;
import dev.glossary.web.ProblemException;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/** Subscribe requests per {@link ClientAddress}, counted per fixed window in PostgreSQL for all replicas. */
@ApplicationScoped
public class SubscribeRateLimit {

    @ConfigMapping(prefix = "glossary.subscribers.rate-limit")
    public interface RateLimitConfig {
        /** Off for load tests; on in production. */
        @WithDefault("true")
        boolean enabled();

        /** Subscribe requests one client address may make per window. */
        @WithDefault("5")
        int requests();

        @WithDefault("1M")
        Duration window();
    }

    /** One hit: a new window starts at 1, the current one goes up by one; answers the hits and the seconds left. */
    private static final String HIT = """
            INSERT INTO rate_limit_counter AS c (client_key, window_start, hits)
            VALUES (:key, to_timestamp(floor(extract(epoch FROM now()) / :window) * :window), 1)
            ON CONFLICT (client_key) DO UPDATE SET
                hits = CASE WHEN c.window_start = EXCLUDED.window_start THEN c.hits + 1 ELSE 1 END,
                window_start = EXCLUDED.window_start
            RETURNING c.hits, ceil(extract(epoch FROM c.window_start + make_interval(secs => :window) - now()))
            """;
    private static final String PURGE = "DELETE FROM rate_limit_counter WHERE window_start < now() - make_interval(secs => :window)";

    @Inject RateLimitConfig config;

    /** Counts the request; past the limit, a 429 that says when to retry. */
    public void check(HttpServerRequest request) {
        if (!config.enabled()) {
            return;
        }
        String key = "subscribe:" + ClientAddress.of(request);
        // Its own transaction: the hit counts even when the request fails later.
        Object[] count = QuarkusTransaction.requiringNew().call(() -> (Object[]) Panache.getEntityManager()
                .createNativeQuery(HIT).setParameter("key", key).setParameter("window", seconds()).getSingleResult());
        if (((Number) count[0]).intValue() > config.requests()) {
            throw ProblemException.tooManyRequests(Duration.ofSeconds(Math.max(1, ((Number) count[1]).longValue())));
        }
    }

    @Scheduled(identity = "rate-limit-purge", every = "10m", delayed = "1m")
    void purgeEndedWindows() {
        QuarkusTransaction.requiringNew().run(() -> Panache.getEntityManager().createNativeQuery(PURGE)
                .setParameter("window", seconds()).executeUpdate());
    }

    private double seconds() {
        return config.window().toSeconds();
    }
}
