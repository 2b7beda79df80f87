package dev.glossary.newsletter;

import static dev.glossary.web.ApiDocs.API_TOKEN;
import static dev.glossary.web.ApiDocs.BASIC_AUTH;
import static dev.glossary.web.ApiDocs.JSON;
import static dev.glossary.web.ApiDocs.PROBLEM;
import dev.glossary.common.PathIds;
import dev.glossary.newsletter.NewsletterService.DeliveryResponse;
import dev.glossary.newsletter.NewsletterService.IssueRequest;
import dev.glossary.newsletter.NewsletterService.IssueResponse;
import dev.glossary.newsletter.NewsletterService.NewsletterResponse;
import dev.glossary.security.Roles;
import dev.glossary.web.ApiDocs;
import dev.glossary.web.IdempotentWrites;
import dev.glossary.web.Links;
import dev.glossary.web.Listing;
import dev.glossary.web.PageParams;
import dev.glossary.web.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
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
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;


@Path("/newsletter")
@Produces(JSON)
@Tag(name = "Newsletter", description = "The weekly newsletter and its issues")
public class NewsletterResource {

    @Inject NewsletterService service;
    @Inject IdempotentWrites idempotentWrites;

    @GET
    @Listing(Listing.Path.NEWSLETTER)
    @Operation(operationId = "getNewsletter", summary = "The newsletter's name, tagline and latest issue")
    @APIResponse(responseCode = "200", description = "The newsletter; latestIssue is null before the first issue",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = NewsletterResponse.class)))
    @APIResponse(responseCode = "406", description = "Accept allows no application/json")
    public NewsletterResponse newsletter() {
        return service.newsletter();
    }

    @GET
    @Path("/issues")
    @Listing(Listing.Path.NEWSLETTER_ISSUES)
    @Operation(operationId = "listIssues", summary = "List issues, newest first, one page at a time")
    @APIResponse(responseCode = "200", description = "A page of issues",
            headers = @Header(name = "Link", description = "first, prev, next and last pages (RFC 8288)"),
            content = @Content(mediaType = JSON, schema = @Schema(ref = "IssuePage")))
    @APIResponse(responseCode = "400", description = "page or size out of range",
            content = @Content(mediaType = PROBLEM, examples = @ExampleObject(name = "invalid", value = ApiDocs.PAGE_EXAMPLE)))
    public Response list(@BeanParam PageParams paging, @Context UriInfo uri) {
        return Links.pageResponse(uri, service.list(paging.toRequest()));
    }

    @GET
    @Path("/issues/{id}")
    @Operation(operationId = "getIssue", summary = "Get one issue; the Location of a new issue points here")
    @APIResponse(responseCode = "200", description = "The issue",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = IssueResponse.class)))
    @APIResponse(responseCode = "404", description = "No issue has this id")
    public IssueResponse get(@PathParam("id") String id) {
        return service.get(issueId(id));
    }

    @POST
    @Path("/issues")
    @Consumes(JSON)
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN, Roles.NEWSLETTER_WRITE})
    @SecurityRequirement(name = BASIC_AUTH)
    @SecurityRequirement(name = API_TOKEN)
    @Operation(operationId = "publishIssue", summary = "Publish an issue (editor)")
    @APIResponse(responseCode = "201", description = "Published (or, for a repeated Idempotency-Key, the first answer again)",
            headers = {@Header(name = "Location", description = "The new issue's URL"),
                       @Header(name = IdempotentWrites.REPLAYED, description = "true when this is the stored answer to an earlier request with the same Idempotency-Key")},
            content = @Content(mediaType = JSON, schema = @Schema(implementation = IssueResponse.class)))
    @APIResponse(responseCode = "409", description = "A request with this Idempotency-Key is still running")
    @APIResponse(responseCode = "422", description = "This Idempotency-Key came with another body")
    public Response publish(@Valid @NotNull(message = "a JSON body is required") IssueRequest request,
            @Parameter(description = IdempotentWrites.KEY_DESCRIPTION) @HeaderParam(IdempotentWrites.HEADER) String idempotencyKey,
            @Context UriInfo uri) {
        return idempotentWrites.run(idempotencyKey, "publishIssue", request, () -> {
            IssueResponse issue = service.publish(request);
            return Response.created(uri.getBaseUriBuilder().path("newsletter").path("issues")
                    .path(String.valueOf(issue.id())).build()).entity(issue).type(JSON).build();
        });
    }

    @POST
    @Path("/issues/{id}/send")
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN, Roles.NEWSLETTER_WRITE})
    @SecurityRequirement(name = BASIC_AUTH)
    @SecurityRequirement(name = API_TOKEN)
    @Operation(operationId = "sendIssue",
            summary = "Send an issue to every subscriber confirmed now, once each (editor)")
    @APIResponse(responseCode = "202", description = "Queued; the delivery shows the progress",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = DeliveryResponse.class)))
    @APIResponse(responseCode = "404", description = "No issue has this id")
    @APIResponse(responseCode = "409", description = "This issue has already been sent")
    public Response send(@PathParam("id") String id) {
        return Response.accepted(service.send(issueId(id))).build();
    }

    @GET
    @Path("/issues/{id}/delivery")
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN, Roles.NEWSLETTER_WRITE})
    @SecurityRequirement(name = BASIC_AUTH)
    @SecurityRequirement(name = API_TOKEN)
    @Operation(operationId = "getIssueDelivery", summary = "How far the sending of an issue has got (editor)")
    @APIResponse(responseCode = "200", description = "The delivery",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = DeliveryResponse.class)))
    @APIResponse(responseCode = "404", description = "No issue has this id, or it has not been sent")
    public DeliveryResponse delivery(@PathParam("id") String id) {
        return service.delivery(issueId(id));
    }

    private static long issueId(String id) {
        return PathIds.parse(id).orElseThrow(() -> ProblemException.notFound("No issue has this id"));
    }
}
