package dev.glossary.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** Ends a Vert.x exchange with a problem body, for answers given before the REST layer is reached. */
public final class RoutingProblems {

    private RoutingProblems() {
    }

    public static HttpServerResponse prepare(RoutingContext context, int status) {
        return context.response().setStatusCode(status).putHeader("Content-Type", Problem.MEDIA_TYPE);
    }

    public static void end(HttpServerResponse response, Problem problem, ObjectMapper json) {
        try {
            response.end(Buffer.buffer(json.writeValueAsBytes(problem)));
        } catch (JsonProcessingException e) {
            response.end();
        }
    }
}
