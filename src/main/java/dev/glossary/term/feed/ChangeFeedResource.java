package dev.glossary.term.feed;

import static dev.glossary.web.ApiDocs.JSON;
import static dev.glossary.web.ApiDocs.PROBLEM;
import dev.glossary.term.PgFailures;
import dev.glossary.term.TermResponse;
import dev.glossary.term.read.TermRepresentation;
import dev.glossary.web.ETags;
import dev.glossary.web.Links;
import dev.glossary.web.Listing;
import dev.glossary.web.PublicListings;
import dev.glossary.web.ProblemException;
import dev.glossary.web.ProblemType;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestMulti;


@Path("/changes")
@Tag(name = "Changes", description = "The change feed partners keep a copy of the glossary with")
public class ChangeFeedResource {

    private static final String GONE_EXAMPLE = """
            {"type": "https://glossary.example/problems/gone", "title": "Gone", "status": 410,
             "detail": "This cursor is older than the feed's retention of deletions (90 days), so deletions since may be gone: start again without a cursor",
             "instance": "/changes"}""";

    private static final String PAGE_EXAMPLE = """
            {"changes": [
              {"seq": 41, "type": "updated", "id": "3f0c5a2e-8d1b-4c3e-9a57-2b6f1e4d7c90", "slug": "transfer-learning",
               "previousSlug": "transfer-learn", "revision": 3, "at": "2026-11-26T10:15:30Z",
               "term": {"id": "3f0c5a2e-8d1b-4c3e-9a57-2b6f1e4d7c90", "slug": "transfer-learning", "name": "Transfer Learning",
                        "shortDefinition": "A technique where knowledge gained on one task is reused on another.",
                        "description": "", "exploreUrl": null, "aliases": ["transfer-learn"], "relatedTerms": [],
                        "createdAt": "2026-11-20T08:00:00Z", "updatedAt": "2026-11-26T10:15:30Z", "revision": 3}},
              {"seq": 42, "type": "deleted", "id": "9b2d7e10-4c6a-4f8e-b1d3-5a7c9e0f2b48", "slug": "old-term",
               "revision": 2, "at": "2026-11-26T10:16:02Z", "term": null}],
             "nextCursor": "Y2hhbmdlczo0MjoxNzk1NjY2MTYy.q9mJ1l7u3V2bqJtYhX0eWk4c8r1yA6s5D2fG3hK4lZo",
             "hasMore": false}""";
    private static final String BAD_CURSOR_EXAMPLE = """
            {"type": "https://glossary.example/problems/validation", "title": "Invalid request", "status": 400,
             "detail": "cursor is not a change feed cursor; start again without one", "instance": "/changes",
             "errors": [{"field": "cursor", "message": "is not a change feed cursor; start again without one"}]}""";

    private static final Logger LOG = Logger.getLogger(ChangeFeedResource.class);

    @Inject ChangeFeed feed;
    @Inject PublicListings listings;

    @GET
    @NonBlocking // an idle poll is answered from memory; any other page is streamed while it is read
    @Operation(operationId = "listChanges", summary = "Read the change feed: every term's latest change, in order",
            description = "Without cursor the feed starts at the beginning: read to the end, it yields every current "
                    + "term at least once and every deletion of the retention period (default 90 days). Only the "
                    + "latest change of a term is guaranteed; older ones may be compacted away. Follow nextCursor, "
                    + "also after the end: a later read returns the changes committed since, and a change whose "
                    + "transaction commits late is never passed over.")
    @APIResponse(responseCode = "200", description = "The next changes and the cursor to read on with",
            headers = @Header(name = "Link", description = "rel=\"next\": this request with the next cursor"),
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ChangeFeedPage.class),
                    examples = @ExampleObject(name = "a rename and a deletion", value = PAGE_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "limit outside 1-1000, or a cursor this service did not make "
            + "(tampered, truncated, or from another listing)",
            content = @Content(mediaType = PROBLEM, examples = @ExampleObject(name = "foreign cursor", value = BAD_CURSOR_EXAMPLE)))
    @APIResponse(responseCode = "406", description = "Accept does not allow application/json",
            content = @Content(mediaType = PROBLEM))
    @APIResponse(responseCode = "410", description = "The cursor is older than the retention of deletions: start again without one",
            content = @Content(mediaType = PROBLEM, examples = @ExampleObject(name = "expired", value = GONE_EXAMPLE)))
    public RestMulti<Buffer> changes(
            @Parameter(description = "Read on after an earlier answer: its nextCursor")
            @QueryParam("cursor") String cursor,
            @Parameter(description = "At most this many changes, 1-1000")
            @QueryParam("limit") @DefaultValue("" + ChangeFeed.DEFAULT_LIMIT) @Min(1) @Max(ChangeFeed.MAX_LIMIT) int limit,
            @Context HttpHeaders headers, @Context UriInfo uri, @Context HttpServerRequest request) {
        // No @Produces: with a JSON type the REST layer would wrap the streamed chunks in a JSON array.
        if (!TermRepresentation.acceptable(headers.getRequestHeader(HttpHeaders.ACCEPT), TermRepresentation.JSON)) {
            throw new ProblemException(ProblemType.NOT_ACCEPTABLE, "The change feed is available as application/json");
        }
        ChangeFeed.Page page = new ChangeFeed.Page();
        feed.stream(cursor, limit, page).whenComplete((done, failure) -> end(page, failure, request));
        // Streamed, so not through PublicListings' filter: the same headers, with the tag the feed made.
        String ifNoneMatch = headers.getHeaderString(HttpHeaders.IF_NONE_MATCH);
        String cacheControl = listings.cacheControl(Listing.Path.CHANGES);
        // On a 304 the page is still read to its end, into chunks no one takes: a page is bounded (limit).
        return RestMulti.fromUniResponse(Uni.createFrom().completionStage(page.head()),
                head -> ETags.noneMatchHits(ifNoneMatch, head.etag()) ? Multi.createFrom().empty() : page.chunks(),
                head -> ETags.noneMatchHits(ifNoneMatch, head.etag())
                        ? Map.of(HttpHeaders.ETAG, List.of(head.etag()), HttpHeaders.CACHE_CONTROL, List.of(cacheControl))
                        : Map.of(HttpHeaders.CONTENT_TYPE, List.of(JSON), HttpHeaders.CACHE_CONTROL, List.of(cacheControl),
                                HttpHeaders.ETAG, List.of(head.etag()), "Link", List.of(Links.nextLink(uri, head.nextCursor()))),
                head -> ETags.noneMatchHits(ifNoneMatch, head.etag()) ? 304 : 200);
    }

    /** A failure before the page started is answered as a problem; after, the client sees a truncated page, never a wrong one. */
    private static void end(ChangeFeed.Page page, Throwable failure, HttpServerRequest request) {
        if (failure == null) {
            page.chunks().onComplete();
        } else if (!page.head().completeExceptionally(PgFailures.asProblem(failure))) {
            LOG.warnf("Change feed page cut off mid-way (%s); closing the connection", failure.getMessage());
            request.connection().close();
            page.chunks().onError(failure);
        }
    }

    /** The shape of a GET /changes answer, for the OpenAPI document. */
    @Schema(name = "ChangeFeedPage", description = "The next changes of the feed")
    public record ChangeFeedPage(
            List<TermChange> changes,
            @Schema(description = "Pass as cursor to read on, also after the end: it then returns the changes committed "
                    + "since. Never null", example = "ZmVlZDo0Mjo1") String nextCursor,
            @Schema(description = "Whether more changes follow now; false once the end is reached", example = "false") boolean hasMore) {
    }

    /** The shape of one change of the feed. */
    @Schema(name = "Change", description = "The latest change of one term; term is the Term as GET /terms/{slug} "
            + "serves it now, null for a deletion")
    public record TermChange(
            @Schema(description = "Position in the feed; rises in the order changes became visible", example = "42") long seq,
            @Schema(enumeration = {"created", "updated", "deleted"}, example = "updated") String type,
            @Schema(description = "The term's immutable id", example = "3f0c5a2e-8d1b-4c3e-9a57-2b6f1e4d7c90") UUID id,
            @Schema(description = "The term's slug; for a deletion, its last one", example = "transfer-learning") String slug,
            @Schema(description = "Present only when this change renamed the term: the slug it had before",
                    example = "old-slug") String previousSlug,
            @Schema(description = "The term's revision after this change", example = "3") int revision,
            @Schema(example = "2026-11-26T10:15:30Z") Instant at,
            @Schema(nullable = true) TermResponse term) {
    }
}
