package dev.glossary.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.glossary.config.GlossaryConfig;
import jakarta.enterprise.context.ApplicationScoped;
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

    public void recordFailure(String clientAddress) {
        failures.asMap().computeIfAbsent(clientAddress, key -> new AtomicInteger()).incrementAndGet();
    }

    public boolean isBlocked(String clientAddress) {
        AtomicInteger count = failures.getIfPresent(clientAddress);
        return count != null && count.get() >= allowed;
    }

    public Duration window() {
        return window;
    }
}
