package dev.glossary.web;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import org.jboss.logging.MDC;

/**
 * Every request gets an id, logged with each of its lines (MDC key {@value #MDC_KEY}) and echoed in
 * {@value #HEADER}, so that a client's report or nginx's log leads to the service's lines. A caller's id is
 * kept when it is sane, so one id follows a request across proxies; anything else is replaced.
 */
@ApplicationScoped
public class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    /** Room for a UUID or a proxy's own ids, not for a log line an attacker writes. */
    static final int MAX_LENGTH = 64;

    void register(@Observes Router router) {
        // First of the response-header hooks, so that even the screens' own answers carry the id.
        router.route().order(RouteOrder.RESPONSE_HEADERS).handler(this::onRequest);
    }

    private void onRequest(RoutingContext context) {
        String id = accepted(context.request().getHeader(HEADER));
        // Quarkus keeps the MDC in the request's duplicated Vert.x context: it follows the request from the
        // event loop onto worker threads, and no request sees another's id.
        MDC.put(MDC_KEY, id);
        context.response().putHeader(HEADER, id);
        context.next();
    }

    /** The caller's id when it is 1 to {@value #MAX_LENGTH} visible ASCII characters; otherwise a new one. */
    static String accepted(String offered) {
        return offered != null && !offered.isEmpty() && offered.length() <= MAX_LENGTH
                && offered.chars().allMatch(c -> c > 0x20 && c < 0x7f) ? offered : UUID.randomUUID().toString();
    }
}
