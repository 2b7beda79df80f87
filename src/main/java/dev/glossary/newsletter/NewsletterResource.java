package dev.glossary.newsletter;

import static dev.glossary.web.ApiDocs.API_TOKEN;
import static dev.glossary.web.ApiDocs.BASIC_AUTH;
import static dev.glossary.web.ApiDocs.JSON;
import static dev.glossary.web.ApiDocs.PROBLEM;
import dev.glossary.common.PathIds;
import dev.glossary.newsletter.NewsletterSchedule.ScheduleRequest;
import dev.glossary.newsletter.NewsletterSchedule.ScheduleResponse;
import dev.glossary.newsletter.NewsletterService.DeliveryResponse;
import dev.glossary.newsletter.NewsletterService.IssueEdit;
import dev.glossary.newsletter.NewsletterService.IssueRequest;
import dev.glossary.newsletter.NewsletterService.IssueResponse;
import dev.glossary.newsletter.NewsletterService.NewsletterResponse;
import dev.glossary.newsletter.NewsletterService.ScheduleIssueRequest;
import dev.glossary.newsletter.NewsletterService.TaggedIssue;
import dev.glossary.security.Roles;
import dev.glossary.web.ApiDocs;
import dev.glossary.web.IdempotentWrites;
import dev.glossary.web.Links;
import dev.glossary.web.Listing;
import dev.glossary.web.PageParams;
import dev.glossary.web.ProblemException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
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
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Optional;
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

    /** Editors' answers (and an issue, which may be a draft) stay out of shared caches. */
    private static final String PRIVATE = "private, no-cache";

    @Inject NewsletterService service;
    @Inject NewsletterSchedule schedule;
    @Inject SecurityIdentity identity;
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
    @Operation(operationId = "listIssues", summary = "List issues, newest first, one page at a time",
            description = "The public sees published and sent issues whose publishedAt has come. Editors may ask for "
                    + "one status; the public may ask for published or sent only (401 for the others).")
    @APIResponse(responseCode = "200", description = "A page of issues",
            headers = @Header(name = "Link", description = "first, prev, next and last pages (RFC 8288)"),
            content = @Content(mediaType = JSON, schema = @Schema(ref = "IssuePage")))
    @APIResponse(responseCode = "400", description = "page, size or status out of range",
            content = @Content(mediaType = PROBLEM, examples = @ExampleObject(name = "invalid", value = ApiDocs.PAGE_EXAMPLE)))
    @APIResponse(responseCode = "401", description = "Drafts and scheduled issues are for editors: credentials needed",
            headers = @Header(name = "WWW-Authenticate", description = "Basic realm=\"glossary\""))
    @APIResponse(responseCode = "403", description = "Drafts and scheduled issues are for editors")
    public Response list(@BeanParam PageParams paging,
            @Parameter(description = "Only issues of this status; draft and scheduled for editors",
                    schema = @Schema(enumeration = {"draft", "scheduled", "published", "sent"}))
            @QueryParam("status") String status,
            @Context UriInfo uri) {
        Optional<IssueStatus> only = Optional.ofNullable(status).map(value -> IssueStatus.parse(value).orElseThrow(() ->
                ProblemException.invalidField("status", "must be one of draft, scheduled, published, sent")));
        boolean editor = only.isPresent() && (only.get().isPublic() ? isEditor() : editorsOnly());
        Response answer = Links.pageResponse(uri, service.list(paging.toRequest(), only, editor));
        // An editor's view holds what the public must not see: no shared cache may keep it.
        return editor ? Response.fromResponse(answer).header(HttpHeaders.CACHE_CONTROL, PRIVATE).build() : answer;
    }

    @GET
    @Path("/issues/{id}")
    @Operation(operationId = "getIssue", summary = "Get one issue; the Location of a new issue points here",
            description = "Drafts, scheduled issues and issues dated in the future are the editors': 404 for anyone else.")
    @APIResponse(responseCode = "200", description = "The issue",
            headers = @Header(name = "ETag", description = "Validator for If-Match on PUT"),
            content = @Content(mediaType = JSON, schema = @Schema(implementation = IssueResponse.class)))
    @APIResponse(responseCode = "401", description = "Credentials were sent and are not valid (they are optional here)",
            headers = @Header(name = "WWW-Authenticate", description = "Basic realm=\"glossary\""))
    @APIResponse(responseCode = "404", description = "No issue has this id, or it is not public")
    public Response get(@PathParam("id") String id) {
        TaggedIssue issue = service.get(issueId(id), isEditor());
        return Response.ok(issue.json(), JSON).header(HttpHeaders.ETAG, issue.etag())
                .header(HttpHeaders.CACHE_CONTROL, PRIVATE).build();
    }

    @PUT
    @Path("/issues/{id}")
    @Consumes(JSON)
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN, Roles.NEWSLETTER_WRITE})
    @SecurityRequirement(name = BASIC_AUTH)
    @SecurityRequirement(name = API_TOKEN)
    @Operation(operationId = "editIssue", summary = "Replace a draft's or scheduled issue's content (editor)")
    @APIResponse(responseCode = "200", description = "The issue as stored",
            headers = @Header(name = "ETag", description = "Validator of the new content"),
            content = @Content(mediaType = JSON, schema = @Schema(implementation = IssueResponse.class)))
    @APIResponse(responseCode = "404", description = "No issue has this id")
    @APIResponse(responseCode = "409", description = "The issue is published or sent",
            content = @Content(mediaType = PROBLEM, examples = @ExampleObject(name = "conflict", value = ApiDocs.CONFLICT_EXAMPLE)))
    @APIResponse(responseCode = "412", description = "If-Match does not match the current ETag",
            content = @Content(mediaType = PROBLEM, examples = @ExampleObject(name = "stale", value = ApiDocs.PRECONDITION_EXAMPLE)))
    @APIResponse(responseCode = "422", description = "A term slug names no term, or a scheduled issue would not keep 3 data points",
            content = @Content(mediaType = PROBLEM, examples = @ExampleObject(name = "unprocessable", value = ApiDocs.UNPROCESSABLE_EXAMPLE)))
    public Response edit(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @Valid @NotNull(message = "a JSON body is required") IssueEdit edit) {
        TaggedIssue issue = service.edit(issueId(id), edit, ifMatch);
        return Response.ok(issue.json(), JSON).header(HttpHeaders.ETAG, issue.etag()).build();
    }

    @POST
    @Path("/issues/{id}/schedule")
    @Consumes(JSON)
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN, Roles.NEWSLETTER_WRITE})
    @SecurityRequirement(name = BASIC_AUTH)
    @SecurityRequirement(name = API_TOKEN)
    @Operation(operationId = "scheduleIssue", summary = "Schedule a draft, or reschedule, at an instant or the next weekly slot (editor)")
    @APIResponse(responseCode = "200", description = "The issue, scheduled",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = IssueResponse.class)))
    @APIResponse(responseCode = "404", description = "No issue has this id")
    @APIResponse(responseCode = "409", description = "The issue is published or sent",
            content = @Content(mediaType = PROBLEM, examples = @ExampleObject(name = "conflict", value = ApiDocs.CONFLICT_EXAMPLE)))
    @APIResponse(responseCode = "422", description = "The issue has not exactly 3 data points, or sendAt is not in the future",
            content = @Content(mediaType = PROBLEM, examples = @ExampleObject(name = "unprocessable", value = ApiDocs.UNPROCESSABLE_EXAMPLE)))
    public IssueResponse schedule(@PathParam("id") String id,
            @Valid @NotNull(message = "a JSON body is required; {} for the next weekly slot") ScheduleIssueRequest request) {
        return service.schedule(issueId(id), request);
    }

    @DELETE
    @Path("/issues/{id}/schedule")
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN, Roles.NEWSLETTER_WRITE})
    @SecurityRequirement(name = BASIC_AUTH)
    @SecurityRequirement(name = API_TOKEN)
    @Operation(operationId = "unscheduleIssue", summary = "Take a scheduled issue back to draft (editor)")
    @APIResponse(responseCode = "200", description = "The issue, a draft",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = IssueResponse.class)))
    @APIResponse(responseCode = "404", description = "No issue has this id")
    @APIResponse(responseCode = "409", description = "The issue is published or sent: sending started",
            content = @Content(mediaType = PROBLEM, examples = @ExampleObject(name = "conflict", value = ApiDocs.CONFLICT_EXAMPLE)))
    public IssueResponse unschedule(@PathParam("id") String id) {
        return service.unschedule(issueId(id));
    }

    @PUT
    @Path("/schedule")
    @Consumes(JSON)
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN, Roles.NEWSLETTER_WRITE})
    @SecurityRequirement(name = BASIC_AUTH)
    @SecurityRequirement(name = API_TOKEN)
    @Operation(operationId = "setNewsletterSchedule", summary = "Set the weekly slot issues are scheduled at (editor)")
    @APIResponse(responseCode = "200", description = "The slot and the next one",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ScheduleResponse.class)))
    public ScheduleResponse setSchedule(@Valid @NotNull(message = "a JSON body is required") ScheduleRequest request) {
        return schedule.set(request);
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
            summary = "Send an issue to every subscriber confirmed now, once each (editor)",
            description = "A draft or scheduled issue is published now; either way the issue becomes sent.")
    @APIResponse(responseCode = "202", description = "Queued; the delivery shows the progress",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = DeliveryResponse.class)))
    @APIResponse(responseCode = "404", description = "No issue has this id")
    @APIResponse(responseCode = "409", description = "This issue has already been sent")
    @APIResponse(responseCode = "422", description = "A draft or scheduled issue without exactly 3 data points",
            content = @Content(mediaType = PROBLEM, examples = @ExampleObject(name = "unprocessable", value = ApiDocs.UNPROCESSABLE_EXAMPLE)))
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

    /** Authentication is lazy (quarkus.http.auth.proactive=false): asking reads the credentials a public request brought. */
    private boolean isEditor() {
        return identity.hasRole(Roles.EDITOR) || identity.hasRole(Roles.ADMIN) || identity.hasRole(Roles.NEWSLETTER_WRITE);
    }

    /** For a public path that shows editors more: 401 without credentials, 403 without the role. */
    private boolean editorsOnly() {
        if (identity.isAnonymous()) {
            throw new UnauthorizedException();
        }
        if (!isEditor()) {
            throw new ForbiddenException();
        }
        return true;
    }

    private static long issueId(String id) {
        return PathIds.parse(id).orElseThrow(() -> ProblemException.notFound("No issue has this id"));
    }
}
