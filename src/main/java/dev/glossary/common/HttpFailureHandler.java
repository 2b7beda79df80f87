package dev.glossary.common;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glossary.config.GlossaryConfig;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Failures that happen before a request reaches a resource (a declared body over the size limit,
 * a malformed request line) would otherwise get Vert.x's plain-text or HTML error page.
 */
@ApplicationScoped
public class HttpFailureHandler {

    private static final Logger LOG = Logger.getLogger(HttpFailureHandler.class);

    private final ObjectMapper json;

    HttpFailureHandler(ObjectMapper json) {
        this.json = json;
    }

    void register(@Observes Router router, GlossaryConfig config) {
        router.route().order(RouteOrder.FAILURES_AND_BODY_SIZE).handler(context -> rejectOversizedBody(context, config.http().maxBodySize().asLongValue()))
                .failureHandler(this::handle);
    }

    /** Refuses a declared over-size body before Vert.x reads it, with a body that says why. */
    private void rejectOversizedBody(RoutingContext context, long maxBodyBytes) {
        String length = context.request().getHeader("Content-Length");
        if (length != null && length.length() < 19 && length.chars().allMatch(Character::isDigit)
                && Long.parseLong(length) > maxBodyBytes) {
            context.response().putHeader("Connection", "close");
            context.fail(413);
            return;
        }
        context.next();
    }

    private void handle(RoutingContext context) {
        HttpServerResponse response = context.response();
        if (response.headWritten()) {
            context.next();
            return;
        }
        int status = context.statusCode() > 0 ? context.statusCode() : 500;
        if (status >= 500 && context.failure() != null) {
            LOG.errorf(context.failure(), "Failure outside the REST layer on %s", context.request().path());
        }
        ProblemType type = ProblemType.forStatus(status);
        String detail = status == 413 ? "The request body is larger than 64 KiB" : type.title();
        RoutingProblems.end(RoutingProblems.prepare(context, status), Problem.of(type, detail, context.request().path()), json);
    }
}
