package dev.glossary.term;

import dev.glossary.common.Links;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /changes} polled at the end of the feed with nothing new, answered from memory on the
 * I/O thread with the headers of {@link ChangeFeedResource#changes}: a partner's timer sends this
 * far more often than anything else here. Everything else (no cursor, a bad one, a limit that is
 * not a plain 1-1000, any other query parameter, an Accept that does not pick JSON, anything that takes the database) goes on
 * to the resource, which owns every other answer.
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
        Optional<ChangeFeed.Read> idle = cursors.size() == 1 && plainLimit(limits)
                && context.queryParams().size() == 1 + limits.size()
                && TermRepresentation.choose(context.request().headers().getAll(HttpHeaders.ACCEPT))
                        .filter(TermRepresentation.JSON::equals).isPresent()
                ? feed.fromMemory(cursors.get(0))
                : Optional.empty();
        if (idle.isEmpty()) {
            context.next();
            return;
        }
        ChangeFeed.Read read = idle.get();
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
