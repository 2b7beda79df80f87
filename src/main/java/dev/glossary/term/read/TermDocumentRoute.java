package dev.glossary.term.read;

import dev.glossary.term.SlugLookup;
import dev.glossary.term.TermDocument;
import dev.glossary.web.ETags;
import dev.glossary.web.ProblemMapper;
import dev.glossary.web.ProblemType;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;

/** GET and HEAD /terms/{slug} on the I/O thread: a route, as the REST layer halved its throughput (docs/architecture/term.md). */
@ApplicationScoped
public class TermDocumentRoute {

    static final String NOT_ACCEPTABLE = "This term is available as application/json or application/ld+json";

    @Inject TermReads reads;
    @Inject ProblemMapper problems;
    private final String cacheControl;

    TermDocumentRoute(TermHttpConfig http) {
        this.cacheControl = http.publicCacheControl();
    }

    void register(@Observes Router router) {
        router.route("/terms/:slug").method(HttpMethod.GET).method(HttpMethod.HEAD)
                .order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::serve);
    }

    private void serve(RoutingContext context) {
        HttpServerRequest request = context.request();
        Optional<TermRepresentation> chosen = TermRepresentation.choose(request.headers().getAll(HttpHeaders.ACCEPT));
        if (chosen.isEmpty()) {
            ProblemMapper.send(context, 406, ProblemType.NOT_ACCEPTABLE, NOT_ACCEPTABLE);
            return;
        }
        TermRepresentation representation = chosen.get();
        String slug = context.pathParam("slug");
        SlugLookup<TermDocument> cached = reads.cached(slug, representation);
        if (cached != null) {
            respond(context, representation, cached);
            return;
        }
        Context eventLoop = Vertx.currentContext();
        reads.document(slug, representation, !request.headers().contains(HttpHeaders.AUTHORIZATION))
                .whenComplete((lookup, failure) -> {
                    // A load shared with another request completes on its thread; answer from ours.
                    Runnable answer = failure == null ? () -> respond(context, representation, lookup) : () -> problems.sendReadFailure(context, failure);
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
        // Explicit, so that HEAD (no body) tells the length a GET has.
        response.putHeader(HttpHeaders.CONTENT_TYPE, representation.mediaType())
                .putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(document.json().length))
                .end(Buffer.buffer(document.json()));
    }
}
