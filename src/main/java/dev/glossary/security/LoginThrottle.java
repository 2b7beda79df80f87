package dev.glossary.security;

import dev.glossary.common.ClientAddress;
import dev.glossary.config.GlossaryConfig;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.spi.runtime.AuthenticationFailureEvent;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Slows password guessing: a client with too many failed Basic logins within the window is refused
 * (429) until the window has passed. Counted in PostgreSQL (migration V13), like the subscribe
 * limit, so that N replicas grant the limit once, not N times. The client is the TCP peer, or the
 * forwarded client when the peer is a trusted proxy ({@link ClientAddress}). Reads and writes go over
 * the reactive client: the check runs on the I/O thread for every request that carries credentials.
 */
@ApplicationScoped
public class LoginThrottle {

    private static final Logger LOG = Logger.getLogger(LoginThrottle.class);
    /** A failure opens a window, or counts in the open one. */
    private static final String RECORD = """
            INSERT INTO login_failure AS f (client_key, first_at, failures) VALUES ($1, now(), 1)
            ON CONFLICT (client_key) DO UPDATE SET
                failures = CASE WHEN f.first_at > now() - $2 * interval '1 second' THEN f.failures + 1 ELSE 1 END,
                first_at = CASE WHEN f.first_at > now() - $2 * interval '1 second' THEN f.first_at ELSE now() END
            """;
    /** Seconds until the client's window closes, when it has used up its failures. */
    private static final String BLOCKED_FOR = """
            SELECT ceil(extract(epoch FROM first_at + $2 * interval '1 second' - now()))::bigint
            FROM login_failure
            WHERE client_key = $1 AND failures >= $3 AND first_at > now() - $2 * interval '1 second'
            """;
    private static final String PURGE = "DELETE FROM login_failure WHERE first_at < now() - $1 * interval '1 second'";
    private static final long CHECK_TIMEOUT_MILLIS = 2_000;

    private final Pool pool;
    private final int allowed;
    private final Duration window;

    LoginThrottle(Pool pool, GlossaryConfig config) {
        this.pool = pool;
        this.allowed = config.security().loginFailuresAllowed();
        this.window = config.security().loginFailureWindow();
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

    CompletionStage<Void> recordFailure(String clientAddress) {
        return pool.preparedQuery(RECORD).execute(Tuple.of(clientAddress, window.toSeconds()))
                .onFailure(failure -> LOG.warnf("Could not count a failed login (%s)", failure.getMessage()))
                .<Void>mapEmpty().toCompletionStage();
    }

    /**
     * How long the client stays refused, or empty when it may try. A database that cannot answer
     * in time lets the request through: authenticating it needs the database anyway.
     */
    CompletionStage<Optional<Duration>> blockedFor(String clientAddress) {
        return pool.preparedQuery(BLOCKED_FOR).execute(Tuple.of(clientAddress, window.toSeconds(), allowed))
                .map(rows -> {
                    var iterator = rows.iterator();
                    return iterator.hasNext() ? Optional.of(secondsLeft(iterator.next())) : Optional.<Duration>empty();
                })
                .toCompletionStage().toCompletableFuture()
                .orTimeout(CHECK_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .exceptionally(failure -> {
                    LOG.warnf("Could not check failed logins (%s); letting the request through", failure.getMessage());
                    return Optional.empty();
                });
    }

    @Scheduled(identity = "login-failure-purge", every = "10m", delayed = "1m")
    void purgeClosedWindows() {
        pool.preparedQuery(PURGE).execute(Tuple.of(window.toSeconds()))
                .onFailure(failure -> LOG.warnf("Could not purge old failed logins (%s)", failure.getMessage()));
    }

    private static Duration secondsLeft(Row row) {
        return Duration.ofSeconds(Math.max(1, row.getLong(0)));
    }
}
