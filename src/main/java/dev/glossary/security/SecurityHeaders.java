package dev.glossary.security;

import dev.glossary.common.RouteOrder;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Headers every answer carries, errors included. JSON gets a policy that loads nothing; HTML pages
 * set a policy of their own, and Swagger UI, which needs its scripts, keeps the browser default.
 */
@ApplicationScoped
public class SecurityHeaders {

    static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

    void register(@Observes Router router) {
        router.route().order(RouteOrder.RESPONSE_HEADERS).handler(this::onRequest);
    }

    private void onRequest(RoutingContext context) {
        boolean swaggerUi = context.normalizedPath().startsWith("/q/swagger-ui");
        context.addHeadersEndHandler(ignored -> {
            MultiMap headers = context.response().headers();
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Referrer-Policy", "no-referrer");
            headers.remove("Server");
            if (!swaggerUi) {
                headers.set("X-Frame-Options", "DENY");
                if (!headers.contains("Content-Security-Policy")) {
                    headers.set("Content-Security-Policy", API_POLICY);
                }
            }
        });
        context.next();
    }
}
