package dev.glossary.common;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.models.OpenAPI;

/**
 * RFC 9110 method semantics for every path, the same whoever serves it: each path's methods come from
 * the OpenAPI document (every endpoint is documented), learnt at start-up by {@link OpenApiDocument}.
 * OPTIONS answers 204 with them here; a wrong method gets 405 with the same Allow from {@link ProblemMapper}.
 */
@ApplicationScoped
public class HttpMethods {

    private static final List<String> ORDER = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    /** A documented path: its segments ({@code null} for a parameter) and its Allow value. */
    record Template(String[] segments, Set<String> methods, String allow, int literals) {
    }

    private static volatile List<Template> templates = List.of();

    static void learn(OpenAPI document) {
        if (document.getPaths() == null) {
            return;
        }
        templates = document.getPaths().getPathItems().entrySet().stream().map(path -> {
            String[] segments = path.getKey().split("/", -1);
            int literals = 0;
            for (int i = 0; i < segments.length; i++) {
                boolean parameter = segments[i].startsWith("{");
                segments[i] = parameter ? null : segments[i];
                literals += parameter ? 0 : 1;
            }
            Set<String> methods = new TreeSet<>(Comparator.comparingInt(ORDER::indexOf));
            path.getValue().getOperations().keySet().forEach(method -> methods.add(method.name()));
            methods.add("OPTIONS");
            if (methods.contains("GET")) {
                methods.add("HEAD");
            }
            return new Template(segments, Set.copyOf(methods), String.join(", ", methods), literals);
        }).sorted(Comparator.comparingInt(Template::literals).reversed()).toList(); // a literal beats a parameter
    }

    /** The Allow value of the documented path that serves {@code path}, or null when none does. */
    static String allow(String path) {
        Template template = match(path);
        return template == null ? null : template.allow();
    }

    /** The Allow value when {@code path} exists but does not support {@code method}; null otherwise. */
    static String allowed(String path, String method) {
        Template template = match(path);
        return template == null || template.methods().contains(method) ? null : template.allow();
    }

    private static Template match(String path) {
        String[] parts = path.split("/", -1);
        for (Template template : templates) {
            if (matches(template.segments(), parts)) {
                return template;
            }
        }
        return null;
    }

    private static boolean matches(String[] segments, String[] parts) {
        if (segments.length != parts.length) {
            return false;
        }
        for (int i = 0; i < parts.length; i++) {
            if (segments[i] == null ? parts[i].isEmpty() : !segments[i].equals(parts[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * After Quarkus' CORS filter, which answers the preflights of allowed origins itself. GET and HEAD
     * skip this hook (the term lookup is the hot path): their 405s come through {@link ProblemMapper}.
     */
    void register(@Observes Router router) {
        router.route().method(HttpMethod.POST).method(HttpMethod.PUT).method(HttpMethod.PATCH).method(HttpMethod.DELETE)
                .method(HttpMethod.OPTIONS).order(RouteOrder.METHODS).handler(this::screen);
    }

    private void screen(RoutingContext context) {
        String path = context.request().path();
        if (context.request().method() == HttpMethod.OPTIONS) {
            String allow = context.request().getHeader("Access-Control-Request-Method") == null ? allow(path) : null;
            if (allow == null) {
                context.next();
            } else {
                context.response().setStatusCode(204).putHeader("Allow", allow).end();
            }
            return;
        }
        String allow = allowed(path, context.request().method().name());
        if (allow == null) {
            context.next();
            return;
        }
        context.response().putHeader("Allow", allow);
        ProblemMapper.send(context, 405, ProblemType.METHOD_NOT_ALLOWED, ProblemMapper.methodNotAllowed(path));
    }
}
