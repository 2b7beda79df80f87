package dev.glossary.term;

import static dev.glossary.web.ApiDocs.API_TOKEN;
import static dev.glossary.web.ApiDocs.BASIC_AUTH;
import static dev.glossary.web.ApiDocs.JSON;
import static dev.glossary.web.ApiDocs.PROBLEM;

import dev.glossary.security.Roles;
import dev.glossary.web.ApiDocs;
import dev.glossary.web.IdempotentWrites;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
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
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/terms")
@Produces(JSON)
@Tag(name = "Terms", description = "The glossary: look-ups, listings, search and editing")
@RolesAllowed({Roles.EDITOR, Roles.ADMIN, Roles.TERMS_WRITE})
@SecurityRequirement(name = BASIC_AUTH)
@SecurityRequirement(name = API_TOKEN)
public class TermResource {

    @Inject TermService service;
    @Inject IdempotentWrites idempotentWrites;

    @POST
    @Consumes(JSON)
    @Operation(operationId = "createTerm", summary = "Create a term (editor)")
    @APIResponse(responseCode = "201", description = "Created (or, for a repeated Idempotency-Key, the first answer again)",
            headers = {@Header(name = "Location", description = "The new term's URL"),
                       @Header(name = "ETag", description = "Validator of the new term"),
                       @Header(name = IdempotentWrites.REPLAYED, description = "true when this is the stored answer to an earlier request with the same Idempotency-Key")},
            content = @Content(mediaType = JSON, schema = @Schema(implementation = TermResponse.class)))
    @APIResponse(responseCode = "409", description = "The slug, an alias or the name is taken; or a request with this Idempotency-Key is still running",
            content = @Content(mediaType = PROBLEM, examples = @ExampleObject(name = "conflict", value = ApiDocs.CONFLICT_EXAMPLE)))
    @APIResponse(responseCode = "422", description = "A related slug does not exist; or this Idempotency-Key came with another body",
            content = @Content(mediaType = PROBLEM, examples = @ExampleObject(name = "unknown related", value = ApiDocs.UNPROCESSABLE_EXAMPLE)))
    public Response create(@Valid @NotNull(message = "a JSON body is required") TermRequest request,
            @Parameter(description = IdempotentWrites.KEY_DESCRIPTION) @HeaderParam(IdempotentWrites.HEADER) String idempotencyKey,
            @Context UriInfo uri) {
        return idempotentWrites.run(idempotencyKey, "createTerm", request, () -> {
            TermDocument document = service.create(request);
            return Response.created(uri.getBaseUriBuilder().path("terms").path(document.slug()).build())
                    .entity(document.json()).type(JSON).header(HttpHeaders.ETAG, document.etag()).build();
        });
    }

    @PUT
    @Path("/{slug}")
    @Consumes(JSON)
    @Operation(operationId = "replaceTerm",
            summary = "Replace a term (editor); a new slug keeps the old one as an alias")
    @APIResponse(responseCode = "200", description = "The term as stored",
            headers = @Header(name = "ETag", description = "Validator of the new version"),
            content = @Content(mediaType = JSON, schema = @Schema(implementation = TermResponse.class)))
    @APIResponse(responseCode = "404", description = "No term has this slug")
    @APIResponse(responseCode = "409", description = "The slug, an alias or the name is taken")
    @APIResponse(responseCode = "412", description = "If-Match does not match the current ETag",
            content = @Content(mediaType = PROBLEM, examples = @ExampleObject(name = "stale", value = ApiDocs.PRECONDITION_EXAMPLE)))
    @APIResponse(responseCode = "422", description = "A related slug does not exist")
    public Response replace(@PathParam("slug") String slug,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Valid @NotNull(message = "a JSON body is required") TermRequest request) {
        TermDocument document = service.replace(slug, request, ifMatch);
        return Response.ok(document.json(), JSON).header(HttpHeaders.ETAG, document.etag()).build();
    }

    @DELETE
    @Path("/{slug}")
    @Operation(operationId = "deleteTerm", summary = "Delete a term and its relations (editor)")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No term has this slug")
    @APIResponse(responseCode = "412", description = "If-Match does not match the current ETag")
    @APIResponse(responseCode = "409", description = "Other writes to these terms kept racing this one; try again")
    public Response delete(@PathParam("slug") String slug, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        service.delete(slug, ifMatch);
        return Response.noContent().build();
    }

    @PUT
    @Path("/{slug}/related/{other}")
    @Operation(operationId = "relateTerms", summary = "Relate two terms, both ways (editor); idempotent")
    @APIResponse(responseCode = "204", description = "The terms are related")
    @APIResponse(responseCode = "400", description = "A term cannot be related to itself")
    @APIResponse(responseCode = "404", description = "One of the slugs is unknown")
    @APIResponse(responseCode = "409", description = "Other writes to these terms kept racing this one; try again")
    public Response relate(@PathParam("slug") String slug, @PathParam("other") String other) {
        service.relate(slug, other);
        return Response.noContent().build();
    }

    @DELETE
    @Path("/{slug}/related/{other}")
    @Operation(operationId = "unrelateTerms", summary = "Remove the relation between two terms, both ways (editor); idempotent")
    @APIResponse(responseCode = "204", description = "The terms are not related")
    @APIResponse(responseCode = "400", description = "A term cannot be related to itself")
    @APIResponse(responseCode = "404", description = "One of the slugs is unknown")
    @APIResponse(responseCode = "409", description = "Other writes to these terms kept racing this one; try again")
    public Response unrelate(@PathParam("slug") String slug, @PathParam("other") String other) {
        service.unrelate(slug, other);
        return Response.noContent().build();
    }
}
