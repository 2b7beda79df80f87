package dev.glossary.subscriber;

import static dev.glossary.common.ApiDocs.BASIC_AUTH;
import static dev.glossary.common.ApiDocs.JSON;
import static dev.glossary.common.ApiDocs.PROBLEM;

import dev.glossary.common.ApiDocs;
import dev.glossary.common.Links;
import dev.glossary.common.Page;
import dev.glossary.common.PageParams;
import dev.glossary.common.PathIds;
import dev.glossary.common.ProblemException;
import dev.glossary.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What admins see and do with subscribers: list them, and erase an address for good. */
@Path("/subscribers")
@Produces(JSON)
@RolesAllowed(Roles.ADMIN)
@SecurityRequirement(name = BASIC_AUTH)
@Tag(name = "Subscribers")
public class SubscriberAdminResource {

    private final SubscriberService service;

    SubscriberAdminResource(SubscriberService service) {
        this.service = service;
    }

    @GET
    @Operation(operationId = "listSubscribers", summary = "List subscribers, newest first (admin)")
    @APIResponse(responseCode = "200", description = "A page of subscribers",
            headers = @Header(name = "Link", description = "first, prev, next and last pages (RFC 8288)"),
            content = @Content(mediaType = JSON, schema = @Schema(ref = "SubscriberPage")))
    @APIResponse(responseCode = "400", description = "Unknown status, or page or size out of range",
            content = @Content(mediaType = PROBLEM, examples = @ExampleObject(name = "invalid", value = ApiDocs.PAGE_EXAMPLE)))
    public Response list(
            @Parameter(description = "Only subscribers in this state",
                    schema = @Schema(type = SchemaType.STRING, enumeration = {"pending", "confirmed", "unsubscribed"}))
            @QueryParam("status") String status,
            @BeanParam PageParams paging,
            @Context UriInfo uri) {
        Page<SubscriberView> result = service.list(SubscriberStatus.parseFilter(status), paging.toRequest());
        return Links.pageResponse(uri, result);
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "eraseSubscriber",
            summary = "Erase a subscriber: the address, its tokens and its queued mails, for good (admin)")
    @APIResponse(responseCode = "204", description = "Erased")
    @APIResponse(responseCode = "404", description = "No subscriber has this id")
    public Response erase(@PathParam("id") String id) {
        long subscriberId = PathIds.parse(id)
                .orElseThrow(() -> ProblemException.notFound("No subscriber has this id"));
        service.erase(subscriberId);
        return Response.noContent().build();
    }
}
