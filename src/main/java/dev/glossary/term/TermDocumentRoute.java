package dev.glossary.term;

import dev.glossary.common.ETags;
import dev.glossary.config.GlossaryConfig;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Answers {@code GET /terms/{slug}} for documents already in memory right on the I/O thread,
 * with the same headers as {@link TermResource#get}; anything else (a miss, an unknown slug)
 * goes on to the resource. It saves the hand-over to a worker thread on the API's hottest path.
 */
@ApplicationScoped
public class TermDocumentRoute {

    private final TermReadCache cache;
    private final String cacheControl;

    TermDocumentRoute(TermReadCache cache, GlossaryConfig config) {
        this.cache = cache;
        this.cacheControl = TermResource.publicCacheControl(config);
    }

    void register(@Observes Router router) {
        router.get("/terms/:slug").order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::serveFromMemory);
    }

    private void serveFromMemory(RoutingContext context) {
        SlugLookup<TermDocument> cached = cache.peek(new DocumentKey(context.pathParam("slug")));
        if (cached == null) {
            context.next();
            return;
        }
        HttpServerResponse response = context.response().putHeader(HttpHeaders.CACHE_CONTROL, cacheControl);
        if (cached instanceof SlugLookup.Moved<TermDocument> moved) {
            response.setStatusCode(301).putHeader(HttpHeaders.LOCATION, "/terms/" + moved.canonicalSlug()).end();
            return;
        }
        TermDocument document = ((SlugLookup.Found<TermDocument>) cached).value();
        response.putHeader(HttpHeaders.ETAG, document.etag());
        if (ETags.noneMatchHits(context.request().getHeader(HttpHeaders.IF_NONE_MATCH), document.etag())) {
            response.setStatusCode(304).end();
            return;
        }
        response.putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(Buffer.buffer(document.json()));
    }
}
