package dev.glossary.term;

import dev.glossary.common.Links;
import dev.glossary.common.ProblemException;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * {@code GET /changes} as partners send it, answered on the I/O thread with the headers of
 * {@link ChangeFeedResource#changes}: an idle poll at the end from memory, any other page over the
 * reactive client, sent in chunks while it is still being read (the REST layer would first hold a
 * page of documents, megabytes, whole and copy it into one array). Everything else (a bad cursor,
 * a limit that is not a plain 1-1000, any other query parameter, an Accept that does not pick JSON,
 * a read that fails before the page starts) goes on to the resource, which owns every error answer.
 */
@ApplicationScoped
public class ChangeFeedRoute {

    private static final Logger LOG = Logger.getLogger(ChangeFeedRoute.class);

    private final ChangeFeed feed;

    ChangeFeedRoute(ChangeFeed feed) {
        this.feed = feed;
    }

    void register(@Observes Router router) {
        router.get("/changes").order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::serve);
    }

    private void serve(RoutingContext context) {
        List<String> cursors = context.queryParam("cursor");
        List<String> limits = context.queryParam("limit");
        boolean plain = cursors.size() <= 1 && plainLimit(limits)
                && context.queryParams().size() == cursors.size() + limits.size()
                && TermRepresentation.choose(context.request().headers().getAll(HttpHeaders.ACCEPT))
                        .filter(TermRepresentation.JSON::equals).isPresent();
        if (!plain) {
            context.next();
            return;
        }
        String cursor = cursors.isEmpty() ? null : cursors.get(0);
        Optional<ChangeFeed.Read> idle = feed.fromMemory(cursor);
        if (idle.isPresent()) {
            respondWith(context, limits, idle.get().nextCursor()).end(idle.get().json());
            return;
        }
        ResponseSink sink = new ResponseSink(context, limits);
        CompletionStage<Void> reading;
        try {
            reading = feed.stream(cursor, limits.isEmpty() ? ChangeFeed.DEFAULT_LIMIT : Integer.parseInt(limits.get(0)), sink);
        } catch (ProblemException refused) {
            context.next(); // the resource answers a cursor it cannot take
            return;
        }
        Context eventLoop = Vertx.currentContext();
        reading.whenComplete((done, failure) -> eventLoop.runOnContext(onEventLoop -> {
            if (failure == null) {
                sink.end();
            } else if (!sink.started) {
                context.next(); // the resource answers the problem: a bad cursor, or a database it cannot read either
            } else {
                LOG.warnf("Change feed page cut off mid-way (%s); closing the connection", failure.getMessage());
                context.request().connection().close(); // the client sees a truncated page, never a wrong one
            }
        }));
    }

    /**
     * The page to the connection as it is read, chunked. Called on the database client's thread:
     * the response may be written from there, and a client that went away is simply not written to.
     */
    private static final class ResponseSink implements ChangeFeed.PageSink {

        private final RoutingContext context;
        private final List<String> limits;
        private volatile boolean started;

        ResponseSink(RoutingContext context, List<String> limits) {
            this.context = context;
            this.limits = limits;
        }

        @Override
        public void start(String nextCursor) {
            started = true;
            respondWith(context, limits, nextCursor).setChunked(true);
        }

        @Override
        public void chunk(Buffer json) {
            HttpServerResponse response = context.response();
            try {
                if (!response.closed()) {
                    response.write(json);
                }
            } catch (IllegalStateException closedMeanwhile) {
                // the client went away between the check and the write: nothing to send it
            }
        }

        void end() {
            if (!context.response().closed()) {
                context.response().end();
            }
        }
    }

    private static HttpServerResponse respondWith(RoutingContext context, List<String> limits, String nextCursor) {
        return context.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, TermRepresentation.JSON.mediaType())
                .putHeader(HttpHeaders.CACHE_CONTROL, ChangeFeedResource.CACHE_CONTROL)
                .putHeader("Link", nextLink(context.request().absoluteURI(), limits, nextCursor));
    }

    /**
    /**
     * The link the resource writes ({@link Links#nextLink}: the request with its cursor replaced,
     * which moves to the end), built by hand: a JAX-RS UriBuilder costs more than the rest of the
     * answer. Only cursor and limit can be in the query here, both free of characters to escape.
     */
    private static String nextLink(String requestUri, List<String> limits, String cursor) {
        int query = requestUri.indexOf('?');
        String target = (query < 0 ? requestUri : requestUri.substring(0, query)) + "?"
                + (limits.isEmpty() ? "" : "limit=" + limits.get(0) + "&") + "cursor=" + cursor;
        return "<" + target + ">; rel=\"next\"";
    }

    /** Absent, or one value the resource would take as it is (digits, 1-1000). */
    private static boolean plainLimit(List<String> limits) {
        if (limits.isEmpty()) {
            return true;
        }
        String limit = limits.get(0);
        if (limits.size() > 1 || limit.isEmpty() || limit.length() > 4 || !limit.chars().allMatch(Character::isDigit)) {
            return false;
        }
        int value = Integer.parseInt(limit);
        return value >= 1 && value <= ChangeFeed.MAX_LIMIT;
    }
}
