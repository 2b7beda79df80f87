package dev.glossary.webhook;

import static dev.glossary.web.ApiDocs.API_TOKEN;
import static dev.glossary.web.ApiDocs.BASIC_AUTH;
import static dev.glossary.web.ApiDocs.JSON;

import dev.glossary.common.PathIds;
import dev.glossary.security.Roles;
import dev.glossary.web.IdempotentWrites;
import dev.glossary.web.Links;
import dev.glossary.web.PageParams;
import dev.glossary.web.ProblemException;
import dev.glossary.webhook.WebhookService.WebhookRequest;
import dev.glossary.webhook.WebhookService.WebhookResponse;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.callbacks.Callback;
import org.eclipse.microprofile.openapi.annotations.callbacks.CallbackOperation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Admins register the URLs that hear of changes; the deliveries (the createWebhook callback) follow Standard Webhooks. */
@Path("/webhooks")
@Produces(JSON)
@RolesAllowed({Roles.ADMIN, Roles.WEBHOOKS_ADMIN})
@SecurityRequirement(name = BASIC_AUTH)
@SecurityRequirement(name = API_TOKEN)
@Tag(name = "Webhooks", description = "Push notifications of term and newsletter changes (admin); "
        + "the deliveries are the createWebhook callback: TermWebhookEvent and IssueWebhookEvent bodies, signed as Standard Webhooks")
public class WebhookResource {

    @Inject WebhookService service;
    @Inject IdempotentWrites idempotentWrites;

    @POST
    @Consumes(JSON)
    @Operation(operationId = "createWebhook", summary = "Register an endpoint; its secret is in this answer only (admin)")
    @APIResponse(responseCode = "201", description = "Registered (or, for a repeated Idempotency-Key, the first answer again)",
            headers = {@Header(name = "Location", description = "The endpoint's URL"),
                       @Header(name = IdempotentWrites.REPLAYED, description = "true when this is the stored answer to an earlier request with the same Idempotency-Key")},
            content = @Content(mediaType = JSON, schema = @Schema(implementation = WebhookWithSecret.class)))
    @APIResponse(responseCode = "400", description = "Not an http(s) URL, a private target, or an unknown event")
    @Callback(name = "termEvent", callbackUrlExpression = "{$request.body#/url}",
            operations = @CallbackOperation(method = "post", summary = "A term event, delivered after its write commits, at least once",
                    description = WebhookPayloads.HEADERS,
                    requestBody = @RequestBody(required = true, content = @Content(mediaType = JSON,
                            schema = @Schema(ref = "TermWebhookEvent"))),
                    responses = {@APIResponse(responseCode = "200", description = WebhookPayloads.ACKNOWLEDGE),
                        @APIResponse(responseCode = "410", description = WebhookPayloads.GONE)}))
    @Callback(name = "issueEvent", callbackUrlExpression = "{$request.body#/url}",
            operations = @CallbackOperation(method = "post", summary = "A published issue, delivered after it commits, at least once",
                    description = WebhookPayloads.HEADERS,
                    requestBody = @RequestBody(required = true, content = @Content(mediaType = JSON,
                            schema = @Schema(ref = "IssueWebhookEvent"))),
                    responses = {@APIResponse(responseCode = "200", description = WebhookPayloads.ACKNOWLEDGE),
                        @APIResponse(responseCode = "410", description = WebhookPayloads.GONE)}))
    public Response create(@Valid @NotNull(message = "a JSON body is required") WebhookRequest request,
            @Parameter(description = IdempotentWrites.KEY_DESCRIPTION) @HeaderParam(IdempotentWrites.HEADER) String idempotencyKey,
            @Context UriInfo uri) {
        return idempotentWrites.run(idempotencyKey, "createWebhook", request, () -> {
            WebhookResponse created = service.create(request);
            return Response.created(uri.getBaseUriBuilder().path("webhooks").path(String.valueOf(created.id())).build())
                    .entity(created).type(JSON).build();
        });
    }

    @GET
    @Operation(operationId = "listWebhooks", summary = "List endpoints, newest first (admin)")
    @APIResponse(responseCode = "200", description = "A page of endpoints, without their secrets",
            headers = @Header(name = "Link", description = "first, prev, next and last pages (RFC 8288)"),
            content = @Content(mediaType = JSON, schema = @Schema(ref = "WebhookPage")))
    @APIResponse(responseCode = "400", description = "page or size out of range")
    public Response list(@BeanParam PageParams paging, @Context UriInfo uri) {
        return Links.pageResponse(uri, service.list(paging.toRequest()));
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getWebhook", summary = "Get one endpoint, without its secret (admin)")
    @APIResponse(responseCode = "200", description = "The endpoint",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = WebhookResponse.class)))
    @APIResponse(responseCode = "404", description = "No webhook has this id")
    public WebhookResponse get(@PathParam("id") String id) {
        return service.get(endpointId(id));
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "deleteWebhook", summary = "Remove an endpoint and its pending deliveries (admin)")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", description = "No webhook has this id")
    public Response delete(@PathParam("id") String id) {
        service.delete(endpointId(id));
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}/deliveries")
    @Operation(operationId = "listWebhookDeliveries", summary = "The endpoint's deliveries, newest first (admin)")
    @APIResponse(responseCode = "200", description = "A page of deliveries: one per event, with its latest attempt",
            headers = @Header(name = "Link", description = "first, prev, next and last pages (RFC 8288)"),
            content = @Content(mediaType = JSON, schema = @Schema(ref = "WebhookDeliveryPage")))
    @APIResponse(responseCode = "400", description = "page or size out of range")
    @APIResponse(responseCode = "404", description = "No webhook has this id")
    public Response deliveries(@PathParam("id") String id, @BeanParam PageParams paging, @Context UriInfo uri) {
        return Links.pageResponse(uri, service.deliveries(endpointId(id), paging.toRequest()));
    }

    @POST
    @Path("/{id}/rotate-secret")
    @Operation(operationId = "rotateWebhookSecret",
            summary = "A new secret, shown in this answer only; the old one keeps signing as a second v1 signature for 24 h (admin)")
    @APIResponse(responseCode = "200", description = "The endpoint with its new secret",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = WebhookWithSecret.class)))
    @APIResponse(responseCode = "404", description = "No webhook has this id")
    public WebhookResponse rotateSecret(@PathParam("id") String id) {
        return service.rotateSecret(endpointId(id));
    }

    /** The answers that make a secret carry it: generated clients then type it as always there. */
    @Schema(name = "WebhookWithSecret", allOf = WebhookResponse.class, requiredProperties = "secret",
            description = "An endpoint with its signing secret, which no later answer shows")
    interface WebhookWithSecret {
    }

    private static long endpointId(String id) {
        return PathIds.parse(id).orElseThrow(() -> ProblemException.notFound("No webhook has this id"));
    }
}
