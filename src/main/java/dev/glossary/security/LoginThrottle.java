package dev.glossary.security;

import dev.glossary.web.AuthorizationHeader;
import dev.glossary.web.ClientAddress;
import dev.glossary.web.ProblemMapper;
import dev.glossary.web.ProblemType;
import dev.glossary.web.RouteOrder;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.spi.runtime.AuthenticationFailureEvent;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/** Too many failed Basic logins from one client within the window: 429 until it has passed (web.md); tokens are not counted. */
@ApplicationScoped
public class LoginThrottle {

    private static final Logger LOG = Logger.getLogger(LoginThrottle.class);
    /** A failure opens a window, or counts in the open one. */
    private static final String RECORD = """
            INSERT INTO login_failure AS f (client_key, first_at, failures) VALUES (:client, now(), 1)
            ON CONFLICT (client_key) DO UPDATE SET
                failures = CASE WHEN f.first_at > now() - :window * interval '1 second' THEN f.failures + 1 ELSE 1 END,
                first_at = CASE WHEN f.first_at > now() - :window * interval '1 second' THEN f.first_at ELSE now() END
            """;
    /** Seconds until the client's window closes, when it has used up its failures. */
    private static final String BLOCKED_FOR = """
            SELECT CAST(ceil(extract(epoch FROM first_at + :window * interval '1 second' - now())) AS bigint)
            FROM login_failure
            WHERE client_key = :client AND failures >= :allowed AND first_at > now() - :window * interval '1 second'
            """;
    private static final String PURGE = "DELETE FROM login_failure WHERE first_at < now() - :window * interval '1 second'";
    private static final long CHECK_TIMEOUT_MILLIS = 2_000;

    /** Failed Basic logins one client address may make within the window before it gets 429. */
    @ConfigMapping(prefix = "glossary.security")
    public interface Config {
        @WithDefault("10")
        int loginFailuresAllowed();

        @WithDefault("5M")
        Duration loginFailureWindow();
    }

    @Inject EntityManager entityManager;
    @Inject Vertx vertx;
    @Inject Config config;
    @Inject ProblemMapper problems;

    void register(@Observes Router router) {
        router.route().order(RouteOrder.REQUEST_SCREENS).handler(this::check);
    }

    private void check(RoutingContext context) {
        // Only Basic costs a password hash worth guarding; a Bearer token is one SHA-256 of 256 random bits.
        if (!AuthorizationHeader.uses(context.request().getHeader("Authorization"), AuthorizationHeader.BASIC)) {
            context.next();
            return;
        }
        // Quarkus holds the request paused until a body handler attaches, so nothing is lost meanwhile.
        blockedFor(ClientAddress.of(context.request())).onComplete(checked -> {
            if (checked.failed()) {
                // Checking the password needs the database too: waiting for it a second time would only double the wait.
                problems.sendReadFailure(context, checked.cause());
            } else if (checked.result().isEmpty()) {
                context.next();
            } else {
                context.response().putHeader("Retry-After", String.valueOf(checked.result().get().toSeconds()));
                ProblemMapper.send(context, 429, ProblemType.TOO_MANY_REQUESTS, "Too many failed logins from this address; retry later");
            }
        });
    }

    /** Only rejected credentials count: a database outage while checking them is no guess. */
    void onAuthenticationFailure(@Observes AuthenticationFailureEvent event) {
        if (event.getAuthenticationFailure() instanceof AuthenticationFailedException
                && event.getEventProperties().get(RoutingContext.class.getName()) instanceof RoutingContext exchange
                && AuthorizationHeader.uses(exchange.request().getHeader("Authorization"), AuthorizationHeader.BASIC)) {
            String client = ClientAddress.of(exchange.request());
            inTransaction(() -> entityManager.createNativeQuery(RECORD).setParameter("client", client)
                    .setParameter("window", config.loginFailureWindow().toSeconds()).executeUpdate())
                    .onFailure(failure -> LOG.warnf("Could not count a failed login (%s)", failure.getMessage()));
        }
    }

    /** How long the client stays refused, empty when it may try; failed when the database cannot say in time. */
    Future<Optional<Duration>> blockedFor(String client) {
        return inTransaction(() -> {
            List<?> rows = entityManager.createNativeQuery(BLOCKED_FOR).setParameter("client", client).setParameter("window",
                    config.loginFailureWindow().toSeconds()).setParameter("allowed", config.loginFailuresAllowed()).getResultList();
            return rows.stream().findFirst().map(seconds -> Duration.ofSeconds(Math.max(1, ((Number) seconds).longValue())));
        }).timeout(CHECK_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Scheduled(identity = "login-failure-purge", every = "10m", delayed = "1m")
    @Transactional
    void purgeClosedWindows() {
        entityManager.createNativeQuery(PURGE).setParameter("window", config.loginFailureWindow().toSeconds()).executeUpdate();
    }

    private <T> Future<T> inTransaction(Supplier<T> work) {
        return vertx.executeBlocking(() -> QuarkusTransaction.requiringNew().call(work::get), false);
    }
}
