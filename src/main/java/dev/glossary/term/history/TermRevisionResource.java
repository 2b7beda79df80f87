package dev.glossary.term.history;

import static dev.glossary.web.ApiDocs.API_TOKEN;
import static dev.glossary.web.ApiDocs.BASIC_AUTH;
import static dev.glossary.web.ApiDocs.JSON;
import static dev.glossary.web.ApiDocs.PROBLEM;

import dev.glossary.security.Roles;
import dev.glossary.term.SlugLookup;
import dev.glossary.term.TermDocument;
import dev.glossary.term.TermResponse;
import dev.glossary.web.ApiDocs;
import dev.glossary.web.Links;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.function.LongFunction;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A term's history: every revision, each in full, and restoring one as a new revision. */
@Path("/terms/{slug}/revisions")
@Produces(JSON)
@Tag(name = "Terms")
public class TermRevisionResource {

    private static final String REVISION = "{revision: [0-9]{1,9}}";

    private static final String HISTORY_EXAMPLE = """
            {"items": [
              {"revision": 3, "at": "2026-11-26T10:15:30Z", "author": "alice", "fields": ["shortDefinition"]},
              {"revision": 2, "at": "2026-11-24T09:02:11Z", "author": "bob", "fields": ["relatedTerms"]},
              {"revision": 1, "at": "2026-11-20T08:00:00Z", "author": "alice",
               "fields": ["slug", "name", "shortDefinition", "description", "exploreUrl", "aliases", "relatedTerms"]}],
             "size": 20, "nextCursor": null}""";

    @Inject TermRevisions revisions;

    @GET
    @Operation(operationId = "listTermRevisions", summary = "A term's revisions, newest first")
    @APIResponse(responseCode = "200", description = "The newest 20 revisions, or the 20 before the cursor's; "
            + "nextCursor null on the oldest",
            headers = @Header(name = "Link", description = "rel=\"next\" to the older revisions, unless this is the last page"),
            content = @Content(mediaType = JSON, schema = @Schema(implementation = TermRevisionCursorPage.class),
                    examples = @ExampleObject(name = "three revisions", value = HISTORY_EXAMPLE)))
    @APIResponse(responseCode = "301", description = "The slug is an alias",
            headers = @Header(name = "Location", description = "/terms/{canonical slug}/revisions"))
    @APIResponse(responseCode = "400", description = "The cursor is not one of this term's revision cursors")
    @APIResponse(responseCode = "404", description = "No term has this slug",
            content = @Content(mediaType = PROBLEM, examples = @ExampleObject(name = "unknown", value = ApiDocs.NOT_FOUND_EXAMPLE)))
    public Response list(@PathParam("slug") String slug,
            @Parameter(description = "Continue with the older revisions: the nextCursor of an earlier answer")
            @QueryParam("cursor") String cursor,
            @Context UriInfo uri) {
        return ofTerm(slug, "", termId -> Links.cursorResponse(uri, revisions.history(termId, cursor)));
    }

    @GET
    @Path(REVISION)
    @Operation(operationId = "getTermRevision", summary = "A term as it was at a revision")
    @APIResponse(responseCode = "200", description = "The Term JSON served at that revision (its revision is n)",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = TermResponse.class)))
    @APIResponse(responseCode = "301", description = "The slug is an alias",
            headers = @Header(name = "Location", description = "/terms/{canonical slug}/revisions/{revision}"))
    @APIResponse(responseCode = "404", description = "No term has this slug, or it has no such revision",
            content = @Content(mediaType = PROBLEM, examples = @ExampleObject(name = "unknown", value = ApiDocs.NOT_FOUND_EXAMPLE)))
    public Response get(@PathParam("slug") String slug,
            @Parameter(description = "A revision number, from 1", example = "2") @PathParam("revision") int revision) {
        return ofTerm(slug, "/" + revision, termId -> {
            byte[] body = revisions.body(termId, revision).orElseThrow(() -> TermRevisions.unknown(slug, revision));
            return Response.ok(body, JSON).header(HttpHeaders.CONTENT_LENGTH, body.length).build();
        });
    }

    @POST
    @Path(REVISION + "/restore")
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN, Roles.TERMS_WRITE})
    @SecurityRequirement(name = BASIC_AUTH)
    @SecurityRequirement(name = API_TOKEN)
    @Operation(operationId = "restoreTermRevision", summary = "Restore a revision's content as a new revision (editor)",
            description = "Restores name, shortDefinition, description, exploreUrl and the related terms that still "
                    + "exist; the slug and aliases stay as they are, so no link breaks. Content equal to the "
                    + "current one makes no new revision.")
    @APIResponse(responseCode = "200", description = "The term as stored now",
            headers = @Header(name = "ETag", description = "Validator of the new revision"),
            content = @Content(mediaType = JSON, schema = @Schema(implementation = TermResponse.class)))
    @APIResponse(responseCode = "301", description = "The slug is an alias",
            headers = @Header(name = "Location", description = "/terms/{canonical slug}/revisions/{revision}/restore"))
    @APIResponse(responseCode = "404", description = "No term has this slug, or it has no such revision",
            content = @Content(mediaType = PROBLEM, examples = @ExampleObject(name = "unknown", value = ApiDocs.NOT_FOUND_EXAMPLE)))
    @APIResponse(responseCode = "409", description = "The revision's name is now another term's",
            content = @Content(mediaType = PROBLEM, examples = @ExampleObject(name = "conflict", value = ApiDocs.CONFLICT_EXAMPLE)))
    public Response restore(@PathParam("slug") String slug,
            @Parameter(description = "The revision whose content to restore", example = "2") @PathParam("revision") int revision) {
        return ofTerm(slug, "/" + revision + "/restore", termId -> {
            TermDocument document = revisions.restore(termId, slug, revision);
            return Response.ok(document.json(), JSON).header(HttpHeaders.ETAG, document.etag()).build();
        });
    }

    /** The answer for the term's id; for an alias, 301 to the same path under the canonical slug. */
    private Response ofTerm(String slug, String subPath, LongFunction<Response> answer) {
        SlugLookup<Long> term = revisions.termOf(slug);
        if (term instanceof SlugLookup.Moved<Long> moved) {
            return Response.status(Response.Status.MOVED_PERMANENTLY)
                    .header(HttpHeaders.LOCATION, "/terms/" + moved.canonicalSlug() + "/revisions" + subPath).build();
        }
        return answer.apply(((SlugLookup.Found<Long>) term).value());
    }

    /** The OpenAPI filter makes it a CursorPage of TermRevision. */
    @Schema(name = "TermRevisionCursorPage")
    interface TermRevisionCursorPage {
    }
}
