package dev.glossary.common;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The one place that decides {@code Vary}, for the REST layer and the I/O-thread routes alike, 301
 * and 304 included. Every answer depends on Origin (the CORS filter adds headers for allowed origins
 * only) and on Accept (each resource negotiates its media types or answers 406), so a shared
 * cache that ignored either would hand one client's copy to another.
 */
@ApplicationScoped
public class VaryHeaders {

    static final List<String> ALWAYS = List.of("Origin", "Accept");

    void register(@Observes Router router) {
        router.route().order(RouteOrder.RESPONSE_HEADERS).handler(this::onRequest);
    }

    private void onRequest(RoutingContext context) {
        context.addHeadersEndHandler(ignored -> {
            MultiMap headers = context.response().headers();
            headers.set("Vary", merge(headers.getAll("Vary")));
        });
        context.next();
    }

    /** Our fields added to whatever Vary values are already set, each field once, case-insensitively. */
    static String merge(Iterable<String> existing) {
        Set<String> seen = new LinkedHashSet<>();
        StringJoiner value = new StringJoiner(", ");
        for (String header : existing) {
            for (String field : header.split(",")) {
                String name = field.strip();
                if (!name.isEmpty() && seen.add(name.toLowerCase(Locale.ROOT))) {
                    value.add(name);
                }
            }
        }
        if (seen.contains("*")) {
            return "*";
        }
        for (String field : ALWAYS) {
            if (seen.add(field.toLowerCase(Locale.ROOT))) {
                value.add(field);
            }
        }
        return value.toString();
    }
}
