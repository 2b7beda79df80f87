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
        // A declared over-size body is refused before Vert.x reads it, and answered below with a body that says why.
        router.route().order(RouteOrder.FAILURES_AND_BODY_SIZE).handler(context -> BodySizeLimit.rejectDeclared(context, config))
                .failureHandler(context -> handle(context, config));
    }

    private void handle(RoutingContext context, GlossaryConfig config) {
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
        String detail = status == 413 ? BodySizeLimit.detail(config) : type.title();
        RoutingProblems.end(RoutingProblems.prepare(context, status), Problem.of(type, detail, context.request().path()), json);
    }
}
