package dev.glossary.term;

import static dev.glossary.common.ApiDocs.JSON;
import static dev.glossary.common.ApiDocs.PROBLEM;

import dev.glossary.common.Links;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/changes")
@Produces(JSON)
@Tag(name = "Changes", description = "The change feed partners keep a copy of the glossary with")
public class ChangeFeedResource {

    private static final String GONE_EXAMPLE = """
            {"type": "https://glossary.example/problems/gone", "title": "Gone", "status": 410,
             "detail": "This cursor is older than the feed's retention of deletions (90 days), so deletions since may be gone: start again without a cursor",
             "instance": "/changes"}""";

    /** Every answer is about this moment: caches must not keep one. */
    static final String CACHE_CONTROL = "no-store";

    private final ChangeFeed feed;

    ChangeFeedResource(ChangeFeed feed) {
        this.feed = feed;
    }

    @GET
    @Operation(operationId = "listChanges", summary = "Read the change feed: every term's latest change, in order",
            description = "Without cursor the feed starts at the beginning: read to the end, it yields every current "
                    + "term at least once and every deletion of the retention period (default 90 days). Only the "
                    + "latest change of a term is guaranteed; older ones may be compacted away. Follow nextCursor, "
                    + "also after the end: a later read returns the changes committed since, and a change whose "
                    + "transaction commits late is never passed over.")
    @APIResponse(responseCode = "200", description = "The next changes and the cursor to read on with",
            headers = @Header(name = "Link", description = "rel=\"next\": this request with the next cursor"),
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ChangeFeedPage.class)))
    @APIResponse(responseCode = "400", description = "limit outside 1-1000, or a cursor this service did not make")
    @APIResponse(responseCode = "410", description = "The cursor is older than the retention of deletions: start again without one",
            content = @Content(mediaType = PROBLEM, examples = @ExampleObject(name = "expired", value = GONE_EXAMPLE)))
    public CompletionStage<Response> changes(
            @Parameter(description = "Read on after an earlier answer: its nextCursor")
            @QueryParam("cursor") String cursor,
            @Parameter(description = "At most this many changes, 1-1000")
            @QueryParam("limit") @DefaultValue("" + ChangeFeed.DEFAULT_LIMIT) @Min(1) @Max(ChangeFeed.MAX_LIMIT) int limit,
            @Context UriInfo uri) {
        return feed.read(cursor, limit).thenApply(read -> Response.ok(read.json(), JSON)
                .header(HttpHeaders.CONTENT_LENGTH, read.json().length())
                .header("Link", Links.nextLink(uri, read.nextCursor())).header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL)
                .build());
    }
}
