package dev.glossary.term.read;

import static dev.glossary.web.ApiDocs.JSON;
import static dev.glossary.web.ApiDocs.PROBLEM;

import dev.glossary.term.SlugLookup;
import dev.glossary.term.TermSummary;
import dev.glossary.web.ApiDocs;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** GET /terms/{slug}/related; the term itself is {@link TermDocumentRoute}'s. */
@Path("/terms/{slug}/related")
@Produces(JSON)
@Tag(name = "Terms")
public class TermReadResource {

    @Inject TermReads reads;
    private final String publicCache;

    TermReadResource(TermHttpConfig http) {
        this.publicCache = http.publicCacheControl();
    }

    @GET
    @Operation(operationId = "getRelatedTerms", summary = "List the terms related to a term, by name")
    @APIResponse(responseCode = "200", description = "Related terms, ordered by name",
            content = @Content(mediaType = JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = TermSummary.class)))
    @APIResponse(responseCode = "301", description = "The slug is an alias",
            headers = @Header(name = "Location", description = "/terms/{canonical slug}/related"))
    @APIResponse(responseCode = "404", description = "No term has this slug",
            content = @Content(mediaType = PROBLEM, examples = @ExampleObject(name = "unknown", value = ApiDocs.NOT_FOUND_EXAMPLE)))
    public Response related(@PathParam("slug") String slug, @Context HttpHeaders headers) {
        SlugLookup<List<TermSummary>> lookup = reads.related(slug, anonymous(headers));
        if (lookup instanceof SlugLookup.Moved<List<TermSummary>> moved) {
            return Response.status(Response.Status.MOVED_PERMANENTLY).header(HttpHeaders.LOCATION, "/terms/" + moved.canonicalSlug() + "/related")
                    .header(HttpHeaders.CACHE_CONTROL, publicCache).build();
        }
        return Response.ok(((SlugLookup.Found<List<TermSummary>>) lookup).value()).header(HttpHeaders.CACHE_CONTROL, publicCache).build();
    }

    /** Reads without credentials may go to the read replica; a credentialed client reads its own writes. */
    public static boolean anonymous(HttpHeaders headers) {
        return headers.getHeaderString(HttpHeaders.AUTHORIZATION) == null;
    }
}
