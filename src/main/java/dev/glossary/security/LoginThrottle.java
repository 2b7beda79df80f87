package dev.glossary.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.glossary.common.ClientAddress;
import dev.glossary.config.GlossaryConfig;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.spi.runtime.AuthenticationFailureEvent;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Slows password guessing: a client address with too many failed Basic logins within the window
 * is refused (429) until the window has passed. Kept per instance, in memory: a guesser spread
 * over replicas gets at most that many tries per replica, which bcrypt already makes slow.
 */
@ApplicationScoped
public class LoginThrottle {

    private final Cache<String, AtomicInteger> failures;
    private final int allowed;
    private final Duration window;

    LoginThrottle(GlossaryConfig config) {
        this.allowed = config.security().loginFailuresAllowed();
        this.window = config.security().loginFailureWindow();
        this.failures = Caffeine.newBuilder().expireAfterWrite(window).maximumSize(100_000).build();
    }

    /**
     * Quarkus' HTTP authenticator fires this for every failed attempt, with the exchange attached.
     * Only rejected credentials count: a database outage while checking them is no guess.
     */
    void onAuthenticationFailure(@Observes AuthenticationFailureEvent event) {
        if (event.getAuthenticationFailure() instanceof AuthenticationFailedException
                && event.getEventProperties().get(RoutingContext.class.getName()) instanceof RoutingContext exchange) {
            recordFailure(ClientAddress.of(exchange.request()));
        }
    }

    void recordFailure(String clientAddress) {
        failures.asMap().computeIfAbsent(clientAddress, key -> new AtomicInteger()).incrementAndGet();
    }

    boolean isBlocked(String clientAddress) {
        AtomicInteger count = failures.getIfPresent(clientAddress);
        return count != null && count.get() >= allowed;
    }

    Duration window() {
        return window;
    }
}
