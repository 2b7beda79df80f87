package dev.glossary.subscriber.ratelimit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Subscribe requests are counted per client address (the TCP peer, or the forwarded address when
 * quarkus.http.proxy.* trusts the proxy) per fixed window, in PostgreSQL for all replicas.
 */
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
