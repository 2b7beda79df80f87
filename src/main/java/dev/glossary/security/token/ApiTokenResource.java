package dev.glossary.security.token;

import static dev.glossary.web.ApiDocs.BASIC_AUTH;
import static dev.glossary.web.ApiDocs.JSON;
import static dev.glossary.web.ApiDocs.PROBLEM;

import dev.glossary.common.PathIds;
import dev.glossary.security.Roles;
import dev.glossary.security.token.ApiTokenService.ApiTokenRequest;
import dev.glossary.security.token.ApiTokenService.ApiTokenResponse;
import dev.glossary.web.ApiDocs;
import dev.glossary.web.Links;
import dev.glossary.web.PageParams;
import dev.glossary.web.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Admins (people, over Basic: no token can make tokens) hand scripts scoped tokens, and revoke them (docs/security.md). */
@Path("/tokens")
@Produces(JSON)
@RolesAllowed(Roles.ADMIN)
@SecurityRequirement(name = BASIC_AUTH)
@Tag(name = "API tokens", description = "Scoped Bearer tokens for scripts (admin); people sign in with HTTP Basic")
public class ApiTokenResource {

    @Inject ApiTokenService service;

    @POST
    @Consumes(JSON)
    @Operation(operationId = "createApiToken", summary = "Create a token; its secret is in this answer only (admin)")
    @APIResponse(responseCode = "201", description = "Created",
            headers = @Header(name = "Location", description = "The token's URL"),
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ApiTokenWithSecret.class)))
    @APIResponse(responseCode = "400", description = "A blank or over-long name, no scopes or an unknown scope")
    @APIResponse(responseCode = "422", description = "expiresAt is not in the future",
            content = @Content(mediaType = PROBLEM, examples = @ExampleObject(name = "expired", value = EXPIRED_EXAMPLE)))
    public Response create(@Valid @NotNull(message = "a JSON body is required") ApiTokenRequest request, @Context UriInfo uri) {
        ApiTokenResponse created = service.create(request);
        return Response.created(uri.getBaseUriBuilder().path("tokens").path(String.valueOf(created.id())).build())
                .entity(created).type(JSON).build();
    }

    @GET
    @Operation(operationId = "listApiTokens", summary = "List tokens, newest first, without their secrets (admin)")
    @APIResponse(responseCode = "200", description = "A page of tokens",
            headers = @Header(name = "Link", description = "first, prev, next and last pages (RFC 8288)"),
            content = @Content(mediaType = JSON, schema = @Schema(ref = "ApiTokenPage")))
    @APIResponse(responseCode = "400", description = "page or size out of range",
            content = @Content(mediaType = PROBLEM, examples = @ExampleObject(name = "page", value = ApiDocs.PAGE_EXAMPLE)))
    public Response list(@BeanParam PageParams paging, @Context UriInfo uri) {
        return Links.pageResponse(uri, service.list(paging.toRequest()));
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getApiToken", summary = "Get one token, without its secret (admin)")
    @APIResponse(responseCode = "200", description = "The token",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ApiTokenResponse.class)))
    @APIResponse(responseCode = "404", description = "No token has this id (or it was revoked)")
    public ApiTokenResponse get(@PathParam("id") String id) {
        return service.get(tokenId(id));
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "revokeApiToken", summary = "Revoke a token: within a second no instance accepts it (admin)")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "404", description = "No token has this id (or it was revoked already)")
    public Response revoke(@PathParam("id") String id) {
        service.revoke(tokenId(id));
        return Response.noContent().build();
    }

    static final String EXPIRED_EXAMPLE = """
            {"type": "https://glossary.example/problems/unprocessable", "title": "Unprocessable request", "status": 422,
             "detail": "expiresAt must be in the future, or null for a token that does not expire", "instance": "/tokens"}""";

    /** The answer that makes a token carries its secret: generated clients then type it as always there. */
    @Schema(name = "ApiTokenWithSecret", allOf = ApiTokenResponse.class, requiredProperties = "token",
            description = "A token with its secret, which no later answer shows")
    interface ApiTokenWithSecret {
    }

    private static long tokenId(String id) {
        return PathIds.parse(id).orElseThrow(() -> ProblemException.notFound("No API token has this id"));
    }
}
