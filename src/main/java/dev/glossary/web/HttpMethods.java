package dev.glossary.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.smallrye.openapi.runtime.OpenApiConstants;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** RFC 9110 methods per path, from the OpenAPI document: OPTIONS lists them, another gets 405 (web.md). */
@ApplicationScoped
public class HttpMethods {

    private static final List<String> ORDER = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    /** A documented path: its segments, {@code null} for a parameter, and its methods. */
    record Template(String[] segments, Set<String> methods, String allow, long literals) {
    }

    /**
     * Read on first use from the document Quarkus generates at build time, not from the served document: that one is
     * completed only when it is asked for ({@link OpenApiDocument}), and start-up stays free of it. Runtime filters add
     * no path, so both list the same paths and methods ({@code HttpMethodsTest} checks the served one).
     */
    private static final class Templates {
        static final List<Template> ALL = load(OpenApiConstants.BASE_NAME + ".JSON");

        private static List<Template> load(String resource) {
            try (InputStream document = HttpMethods.class.getClassLoader().getResourceAsStream(resource)) {
                if (document == null) {
                    throw new IllegalStateException("No " + resource + ": the build did not generate the OpenAPI document");
                }
                return read(document);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read " + resource, e);
            }
        }
    }

    /** The templates of an OpenAPI document's paths, the most literal segments first. */
    static List<Template> read(InputStream document) throws IOException {
        JsonNode paths = new ObjectMapper().readTree(document).path("paths");
        List<Template> templates = new ArrayList<>();
        paths.properties().forEach(path -> {
            String[] segments = Arrays.stream(path.getKey().split("/", -1)).map(segment -> segment.startsWith("{") ? null : segment)
                    .toArray(String[]::new);
            Set<String> methods = new TreeSet<>(Comparator.comparingInt(ORDER::indexOf));
            path.getValue().fieldNames().forEachRemaining(field -> {
                String method = field.toUpperCase(Locale.ROOT);
                if (ORDER.contains(method)) { // not "parameters", "summary" or an extension
                    methods.add(method);
                }
            });
            methods.add("OPTIONS");
            if (methods.contains("GET")) {
                methods.add("HEAD");
            }
            templates.add(new Template(segments, Set.copyOf(methods), String.join(", ", methods),
                    Arrays.stream(segments).filter(Objects::nonNull).count()));
        });
        templates.sort(Comparator.comparingLong(Template::literals).reversed()); // a literal beats a parameter
        return List.copyOf(templates);
    }

    /** The Allow value when {@code path} exists but lacks {@code method} (any method: null); null otherwise. */
    static String allowed(String path, String method) {
        return allowed(Templates.ALL, path, method);
    }

    static String allowed(List<Template> templates, String path, String method) {
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
