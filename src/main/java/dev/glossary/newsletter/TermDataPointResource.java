package dev.glossary.newsletter;

import static dev.glossary.web.ApiDocs.JSON;
import static dev.glossary.web.ApiDocs.PROBLEM;

import dev.glossary.term.SlugLookup;
import dev.glossary.web.ApiDocs;
import dev.glossary.web.Links;
import dev.glossary.web.Listing;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Where the glossary meets the newsletter: what "Explore the Data" on a term's page can link to. */
@Path("/terms/{slug}/data-points")
@Produces(JSON)
@Tag(name = "Terms")
public class TermDataPointResource {

    private static final String EXAMPLE = """
            {"items": [
              {"issueId": 42, "issueTitle": "AI Investment Hits $42B in Q1 2026 — Here's Where It Went",
               "publishedAt": "2026-04-03T09:00:00Z", "value": "$42B", "label": "AI investment in Q1 2026",
               "context": "Up 38 % on the quarter before.", "sourceUrl": "https://example.org/reports/q1-2026"}],
             "size": 20, "nextCursor": null}""";

    @Inject TermDataPoints dataPoints;

    @GET
    @Listing(Listing.Path.TERM_DATA_POINTS)
    @Operation(operationId = "listTermDataPoints", summary = "The published data points about a term, newest issue first")
    @APIResponse(responseCode = "200", description = "20 data points, or the 20 after the cursor's; nextCursor null on the last page",
            headers = @Header(name = "Link", description = "rel=\"next\" to the older data points, unless this is the last page"),
            content = @Content(mediaType = JSON, schema = @Schema(implementation = TermDataPointCursorPage.class),
                    examples = @ExampleObject(name = "one data point", value = EXAMPLE)))
    @APIResponse(responseCode = "301", description = "The slug is an alias",
            headers = @Header(name = "Location", description = "/terms/{canonical slug}/data-points"))
    @APIResponse(responseCode = "400", description = "The cursor is not one of this term's data-point cursors")
    @APIResponse(responseCode = "404", description = "No term has this slug",
            content = @Content(mediaType = PROBLEM, examples = @ExampleObject(name = "unknown", value = ApiDocs.NOT_FOUND_EXAMPLE)))
    public Response list(@PathParam("slug") String slug,
            @Parameter(description = "Continue with older data points: the nextCursor of an earlier answer")
            @QueryParam("cursor") String cursor,
            @Context UriInfo uri) {
        SlugLookup<Long> term = dataPoints.termOf(slug);
        if (term instanceof SlugLookup.Moved<Long> moved) {
            return Response.status(Response.Status.MOVED_PERMANENTLY)
                    .header(HttpHeaders.LOCATION, "/terms/" + moved.canonicalSlug() + "/data-points").build();
        }
        return Links.cursorResponse(uri, dataPoints.page(((SlugLookup.Found<Long>) term).value(), cursor));
    }

    /** The OpenAPI filter makes it a CursorPage of TermDataPoint. */
    @Schema(name = "TermDataPointCursorPage")
    interface TermDataPointCursorPage {
    }
}
