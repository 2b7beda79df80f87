package dev.glossary.term;

import dev.glossary.common.ETags;
import dev.glossary.common.Slugs;
import dev.glossary.config.GlossaryConfig;
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
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The API's hottest path, {@code GET /terms/{slug}} for a term or an alias, answered without the
 * REST layer and with the same headers as {@link TermResource#get}: from memory right on the I/O
 * thread, or else with one read of the ready document over the reactive client, still on the I/O
 * thread. Both representations (JSON, JSON-LD) are served here, chosen by the same rule as the
 * resource's ({@link TermRepresentation#choose}). Anything else (an unknown or malformed slug, a
 * failure, an Accept header neither satisfies, a HEAD) goes on to the resource, which owns every
 * error answer.
 */
@ApplicationScoped
public class TermDocumentRoute {

    private final TermDocuments documents;
    private final TermReadCache cache;
    private final TermJsonLd jsonLd;
    private final String cacheControl;

    TermDocumentRoute(TermDocuments documents, TermReadCache cache, TermJsonLd jsonLd, GlossaryConfig config) {
        this.documents = documents;
        this.cache = cache;
        this.jsonLd = jsonLd;
        this.cacheControl = TermResource.publicCacheControl(config);
    }

    void register(@Observes Router router) {
        router.get("/terms/:slug").order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::serve);
    }

    private void serve(RoutingContext context) {
        String slug = context.pathParam("slug");
        Optional<TermRepresentation> chosen = TermRepresentation.choose(context.request().headers().getAll(HttpHeaders.ACCEPT));
        if (chosen.isEmpty() || !Slugs.isValid(slug)) {
            context.next();
            return;
        }
        TermRepresentation representation = chosen.get();
        DocumentKey key = new DocumentKey(slug, representation);
        SlugLookup<TermDocument> cached = cache.peek(key);
        if (cached != null) {
            respond(context, representation, cached);
            return;
        }
        Context eventLoop = Vertx.currentContext();
        CompletionStage<SlugLookup<TermDocument>> loaded = cache.getAsync(key, () -> documents.bySlugAsync(slug, context.request()).thenApply(json -> jsonLd.as(representation, json)));
        loaded.whenComplete((lookup, failure) -> {
            // A load shared with a worker completes there; the answer is written from our event loop.
            Runnable answer = failure == null
                    ? () -> respond(context, representation, lookup)
                    : context::next; // next: the resource answers 404 or 503
            if (Vertx.currentContext() == eventLoop) {
                answer.run();
            } else {
                eventLoop.runOnContext(ignored -> answer.run());
            }
        });
    }

    private void respond(RoutingContext context, TermRepresentation representation, SlugLookup<TermDocument> lookup) {
        HttpServerResponse response = context.response().putHeader(HttpHeaders.CACHE_CONTROL, cacheControl);
        if (lookup instanceof SlugLookup.Moved<TermDocument> moved) {
            response.setStatusCode(301).putHeader(HttpHeaders.LOCATION, "/terms/" + moved.canonicalSlug()).end();
            return;
        }
        TermDocument document = ((SlugLookup.Found<TermDocument>) lookup).value();
        response.putHeader(HttpHeaders.ETAG, document.etag());
        if (ETags.noneMatchHits(context.request().getHeader(HttpHeaders.IF_NONE_MATCH), document.etag())) {
            response.setStatusCode(304).end();
            return;
        }
        response.putHeader(HttpHeaders.CONTENT_TYPE, representation.mediaType()).end(Buffer.buffer(document.json()));
    }
}
