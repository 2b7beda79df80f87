package dev.glossary.security;

import dev.glossary.web.ProblemMapper;
import dev.glossary.web.ProblemType;
import dev.glossary.web.RouteOrder;
import io.quarkus.vertx.http.runtime.cors.CORSFilter;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Origins not allowed: reads are served without CORS headers; preflights and writes get a 403 problem (Quarkus' is bare). */
@ApplicationScoped
public class CrossOriginRequests {

    private final List<String> origins;
    private final List<Pattern> originPatterns;

    CrossOriginRequests(@ConfigProperty(name = "quarkus.http.cors.origins") Optional<List<String>> origins) {
        this.origins = origins.orElse(List.of());
        this.originPatterns = CORSFilter.parseAllowedOriginsRegex(origins);
    }

    void register(@Observes Router router) {
        router.route().order(RouteOrder.REQUEST_SCREENS).handler(this::screen);
    }

    private void screen(RoutingContext context) {
        HttpServerRequest request = context.request();
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null || allowed(origin)) {
            context.next();
            return;
        }
        boolean preflight = request.method() == HttpMethod.OPTIONS
                && request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) != null;
        boolean read = request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD;
        if (!preflight && (read || sameOrigin(request, origin))) {
            // Served as if no Origin had been sent; CORS headers are only ever for allowed origins.
            request.headers().remove(HttpHeaders.ORIGIN);
            context.next();
            return;
        }
        ProblemMapper.send(context, 403, ProblemType.FORBIDDEN, "The origin " + origin + " may not make this cross-origin request");
    }

    private boolean allowed(String origin) {
        return origins.contains("*") || origins.contains(origin) || CORSFilter.isOriginAllowedByRegex(originPatterns, origin);
    }

    /** Browsers send Origin on their own same-origin writes too; those need no CORS at all. */
    private static boolean sameOrigin(HttpServerRequest request, String origin) {
        HostAndPort authority = request.authority();
        try {
            URI from = URI.create(origin);
            return authority != null && from.getHost() != null && request.scheme().equalsIgnoreCase(from.getScheme())
                    && authority.host().equalsIgnoreCase(from.getHost())
                    && port(request.scheme(), authority.port()) == port(from.getScheme(), from.getPort());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int port(String scheme, int port) {
        return port >= 0 ? port : "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }
}
