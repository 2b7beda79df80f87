package dev.glossary.web;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Headers every answer carries, errors, 301 and 304 included (docs/architecture/web.md says why each). */
@ApplicationScoped
public class ResponseHeaders {

    /** Every answer depends on Origin (CORS headers for allowed origins only) and Accept (406 or a choice). */
    static final List<String> ALWAYS_VARY = List.of("Origin", "Accept");
    static final String ALLOW_CREDENTIALS = "Access-Control-Allow-Credentials";
    static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";
    /** A JSON type ({@code json} or a {@code +json} suffix) followed by nothing but a UTF-8 charset. */
    private static final Pattern UTF8_JSON = Pattern.compile(
            "\\s*(application/(?:[\\w.-]+\\+)?json)\\s*;\\s*charset\\s*=\\s*\"?utf-8\"?\\s*", Pattern.CASE_INSENSITIVE);

    void register(@Observes Router router) {
        router.route().order(RouteOrder.RESPONSE_HEADERS).handler(this::onRequest);
    }

    private void onRequest(RoutingContext context) {
        // Swagger UI needs its scripts and frames: it keeps the browser defaults.
        boolean swaggerUi = context.normalizedPath().startsWith("/q/swagger-ui");
        context.addHeadersEndHandler(ignored -> {
            MultiMap headers = context.response().headers();
            headers.set("Vary", vary(headers.getAll("Vary")));
            String type = headers.get("Content-Type");
            if (type != null && type.indexOf(';') >= 0) {
                headers.set("Content-Type", withoutCharset(type));
            }
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Referrer-Policy", "no-referrer");
            headers.remove("Server");
            if ("false".equals(headers.get(ALLOW_CREDENTIALS))) {
                headers.remove(ALLOW_CREDENTIALS); // Quarkus' CORS filter writes "false"; absent says the same
            }
            if (!swaggerUi) {
                headers.set("X-Frame-Options", "DENY");
                if (!headers.contains("Content-Security-Policy")) {
                    headers.set("Content-Security-Policy", API_POLICY); // HTML pages set their own
                }
            }
        });
        context.next();
    }

    /** Our fields added to whatever Vary values are already set, each field once, case-insensitively. */
    static String vary(Iterable<String> existing) {
        Map<String, String> fields = new LinkedHashMap<>(); // by lower-case name
        existing.forEach(header -> Arrays.stream(header.split(",")).map(String::strip).filter(name -> !name.isEmpty())
                .forEach(name -> fields.putIfAbsent(name.toLowerCase(Locale.ROOT), name)));
        if (fields.containsKey("*")) {
            return "*";
        }
        ALWAYS_VARY.forEach(field -> fields.putIfAbsent(field.toLowerCase(Locale.ROOT), field));
        return String.join(", ", fields.values());
    }

    /** JSON is UTF-8 by definition and its types define no charset (RFC 8259, 9457); the REST layer adds one. */
    static String withoutCharset(String contentType) {
        var matcher = UTF8_JSON.matcher(contentType);
        return matcher.matches() ? matcher.group(1).toLowerCase(Locale.ROOT) : contentType;
    }
}
