package dev.glossary.web;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.models.OpenAPI;

/** RFC 9110 methods per path, from the OpenAPI document: OPTIONS lists them, another gets 405 (web.md). */
@ApplicationScoped
public class HttpMethods {

    private static final List<String> ORDER = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    /** A documented path: its segments, {@code null} for a parameter, and its methods. */
    private record Template(String[] segments, Set<String> methods, String allow, long literals) {
    }

    private static volatile List<Template> templates = List.of();

    static void learn(OpenAPI document) {
        templates = document.getPaths() == null ? List.of() : document.getPaths().getPathItems().entrySet().stream().map(path -> {
            String[] segments = Arrays.stream(path.getKey().split("/", -1)).map(segment -> segment.startsWith("{") ? null : segment)
                    .toArray(String[]::new);
            Set<String> methods = new TreeSet<>(Comparator.comparingInt(ORDER::indexOf));
            path.getValue().getOperations().keySet().forEach(method -> methods.add(method.name()));
            methods.add("OPTIONS");
            if (methods.contains("GET")) {
                methods.add("HEAD");
            }
            return new Template(segments, Set.copyOf(methods), String.join(", ", methods),
                    Arrays.stream(segments).filter(Objects::nonNull).count());
        }).sorted(Comparator.comparingLong(Template::literals).reversed()).toList(); // a literal beats a parameter
    }

    /** The Allow value when {@code path} exists but lacks {@code method} (any method: null); null otherwise. */
    static String allowed(String path, String method) {
        String[] parts = path.split("/", -1);
        for (Template template : templates) {
            boolean matches = template.segments().length == parts.length;
            for (int i = 0; matches && i < parts.length; i++) {
                matches = template.segments()[i] == null ? !parts[i].isEmpty() : template.segments()[i].equals(parts[i]);
            }
            if (matches) {
                return method != null && template.methods().contains(method) ? null : template.allow();
            }
        }
        return null;
    }

    /** GET and HEAD skip this hook (the hot path): {@link ProblemMapper} turns the REST layer's refusal into the same 405. */
    void register(@Observes Router router) {
        router.route().method(HttpMethod.POST).method(HttpMethod.PUT).method(HttpMethod.PATCH).method(HttpMethod.DELETE)
                .method(HttpMethod.OPTIONS).order(RouteOrder.METHODS).handler(this::screen);
    }

    private void screen(RoutingContext context) {
        String path = context.request().path();
        boolean options = context.request().method() == HttpMethod.OPTIONS;
        String allow = options && context.request().getHeader("Access-Control-Request-Method") != null ? null
                : allowed(path, options ? null : context.request().method().name());
        if (allow == null) {
            context.next();
        } else if (options) {
            context.response().setStatusCode(204).putHeader("Allow", allow).end();
        } else {
            context.response().putHeader("Allow", allow);
            ProblemMapper.send(context, 405, ProblemType.METHOD_NOT_ALLOWED, ProblemMapper.methodNotAllowed(path));
        }
    }
}
