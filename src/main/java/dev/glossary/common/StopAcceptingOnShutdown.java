package dev.glossary.common;

import dev.glossary.config.GlossaryConfig;
import io.netty.channel.Channel;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.vertx.core.Vertx;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Closes the listening socket when the shutdown delay ends, before the application stops.
 *
 * <p>On SIGTERM Quarkus turns readiness DOWN and keeps serving for quarkus.shutdown.delay (every
 * answer then carries Connection: close, so keep-alive connections drain), waits for the requests in
 * flight and stops the application; but its listener accepts connections until Vert.x itself closes,
 * a few hundred milliseconds after the application stopped. A request sent on such a connection is
 * dropped unanswered. A load balancer resends a dropped GET to another instance, but not a POST that
 * reached an instance (it may have been processed): bench/cluster.sh's rolling restart saw about one
 * POST in a thousand fail that way. A refused connection carried nothing, so nginx resends it whatever
 * the method: closing the listener just before the delay ends turns the last window into refusals,
 * while connections already accepted are answered as before.
 *
 * <p>Vert.x has no public handle on the server socket; each accepted connection's Netty channel
 * knows it as its parent, so the listeners are noted from the requests that arrive.
 */
@ApplicationScoped
public class StopAcceptingOnShutdown {

    private static final Logger LOG = Logger.getLogger(StopAcceptingOnShutdown.class);

    private final Set<Channel> listeners = ConcurrentHashMap.newKeySet();
    // The listener of the last request: every request but the first on a listener skips the set.
    private volatile Channel lastListener;

    @Inject
    Vertx vertx;

    @Inject
    GlossaryConfig config;

    @ConfigProperty(name = "quarkus.shutdown.delay")
    Optional<Duration> shutdownDelay;

    void register(@Observes Router router) {
        router.route().order(RouteOrder.FAILURES_AND_BODY_SIZE).handler(this::noteListener);
    }

    private void noteListener(RoutingContext context) {
        if (context.request().connection() instanceof ConnectionBase connection) {
            Channel listener = connection.channel().parent();
            if (listener != null && listener != lastListener) {
                listeners.add(listener);
                lastListener = listener;
            }
        }
        context.next();
    }

    /** Fired as the delay starts (only when quarkus.shutdown.delay-enabled). */
    void onShutdownDelay(@Observes ShutdownDelayInitiatedEvent event) {
        long delay = shutdownDelay.orElse(Duration.ZERO).toMillis();
        long at = Math.max(1, delay - config.http().stopAcceptingBeforeDelayEnds().toMillis());
        vertx.setTimer(at, ignored -> stopAccepting());
    }

    void stopAccepting() {
        for (Channel listener : listeners) {
            listener.close();
        }
        LOG.infof("Stopped accepting connections (%d listener(s) closed); answering the requests received",
                listeners.size());
    }
}
