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
 * not a plain 1-1000, an Accept that does not pick JSON, anything that takes the database) goes on
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
        Optional<ChangeFeed.Read> idle = cursors.size() == 1 && plainLimit(context.queryParam("limit"))
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
                .putHeader("Link", Links.nextLink(context.request().absoluteURI(), read.nextCursor()))
                .end(read.json());
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
