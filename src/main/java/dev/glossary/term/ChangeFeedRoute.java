package dev.glossary.term;

import dev.glossary.common.Links;
import dev.glossary.common.ProblemException;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET /changes} as partners send it, answered on the I/O thread with the headers of
 * {@link ChangeFeedResource#changes}: an idle poll at the end from memory, any other page over the
 * reactive client, written to the connection as the chunks it was built in (the REST layer would
 * first copy a page of documents, megabytes, into one array). Everything else (a bad cursor, a
 * limit that is not a plain 1-1000, any other query parameter, an Accept that does not pick JSON,
 * a failed read) goes on to the resource, which owns every error answer.
 */
@ApplicationScoped
public class ChangeFeedRoute {

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
            respond(context, limits, idle.get());
            return;
        }
        CompletionStage<ChangeFeed.Read> reading;
        try {
            reading = feed.read(cursor, limits.isEmpty() ? ChangeFeed.DEFAULT_LIMIT : Integer.parseInt(limits.get(0)));
        } catch (ProblemException refused) {
            context.next(); // the resource answers a cursor it cannot take
            return;
        }
        Context eventLoop = Vertx.currentContext();
        reading.whenComplete((read, failure) -> eventLoop.runOnContext(onEventLoop -> {
            if (failure == null) {
                respond(context, limits, read);
            } else {
                context.next(); // the resource reads again, and answers its problem if that fails too
            }
        }));
    }

    /** The page as it is: its chunks go to the connection without being copied into one array first. */
    private static void respond(RoutingContext context, List<String> limits, ChangeFeed.Read read) {
        context.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, TermRepresentation.JSON.mediaType())
                .putHeader(HttpHeaders.CACHE_CONTROL, ChangeFeedResource.CACHE_CONTROL)
                .putHeader("Link", nextLink(context.request().absoluteURI(), limits, read.nextCursor()))
                .end(read.json());
    }

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
