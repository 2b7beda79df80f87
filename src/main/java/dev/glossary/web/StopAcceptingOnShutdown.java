package dev.glossary.web;

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

/** Closes the listening socket just before the shutdown delay ends, so no request is dropped (web.md). */
@ApplicationScoped
public class StopAcceptingOnShutdown {

    private static final Logger LOG = Logger.getLogger(StopAcceptingOnShutdown.class);

    private final Set<Channel> listeners = ConcurrentHashMap.newKeySet();

    @Inject Vertx vertx;

    @Inject HttpConfig config;

    @ConfigProperty(name = "quarkus.shutdown.delay")
    Optional<Duration> shutdownDelay;

    void register(@Observes Router router) {
        router.route().order(RouteOrder.FAILURES_AND_BODY_SIZE).handler(this::noteListener);
    }

    private void noteListener(RoutingContext context) {
        if (context.request().connection() instanceof ConnectionBase connection) {
            Channel listener = connection.channel().parent();
            if (listener != null) {
                listeners.add(listener); // lock-free when already present
            }
        }
        context.next();
    }

    /** Fired as the delay starts (only when quarkus.shutdown.delay-enabled). */
    void onShutdownDelay(@Observes ShutdownDelayInitiatedEvent event) {
        long delay = shutdownDelay.orElse(Duration.ZERO).toMillis();
        long at = Math.max(1, delay - config.stopAcceptingBeforeDelayEnds().toMillis());
        vertx.setTimer(at, ignored -> {
            listeners.forEach(Channel::close);
            LOG.infof("Stopped accepting connections (%d listener(s) closed); answering the requests received", listeners.size());
        });
    }
}
