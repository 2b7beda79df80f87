package dev.glossary.common;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one place that decides how JSON answers name their media type: {@code application/json} and
 * {@code application/problem+json}, without a charset. JSON is UTF-8 by definition and its media
 * types define no charset parameter (RFC 8259, 9457), yet the REST layer appends
 * {@code ;charset=UTF-8} to what it serialises while the I/O-thread routes and the problem writers
 * do not; a client comparing Content-Type strings would see two answers for one kind of body.
 */
@ApplicationScoped
public class JsonContentType {

    /** A JSON type ({@code json} or a {@code +json} suffix) followed by nothing but a UTF-8 charset. */
    private static final Pattern UTF8_JSON = Pattern.compile(
            "\\s*(application/(?:[\\w.-]+\\+)?json)\\s*;\\s*charset\\s*=\\s*\"?utf-8\"?\\s*", Pattern.CASE_INSENSITIVE);

    void register(@Observes Router router) {
        router.route().order(RouteOrder.RESPONSE_HEADERS).handler(this::onRequest);
    }

    private void onRequest(RoutingContext context) {
        context.addHeadersEndHandler(ignored -> {
            String type = context.response().headers().get(HttpHeaders.CONTENT_TYPE);
            if (type != null && type.indexOf(';') >= 0) {
                context.response().headers().set(HttpHeaders.CONTENT_TYPE, withoutCharset(type));
            }
        });
        context.next();
    }

    static String withoutCharset(String contentType) {
        var matcher = UTF8_JSON.matcher(contentType);
        return matcher.matches() ? matcher.group(1).toLowerCase(Locale.ROOT) : contentType;
    }
}
