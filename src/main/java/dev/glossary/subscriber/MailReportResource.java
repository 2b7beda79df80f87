package dev.glossary.subscriber;

import static dev.glossary.web.ApiDocs.API_TOKEN;
import static dev.glossary.web.ApiDocs.BASIC_AUTH;
import static dev.glossary.web.ApiDocs.JSON;
import static dev.glossary.web.ApiDocs.PROBLEM;

import dev.glossary.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Where the mail system hands back bounces and complaints, e.g. from an MTA's pipe transport (docs/newsletter.md). */
@Path("/mail/reports")
@Tag(name = "Mail reports", description = "Bounces and complaints about the mails the service sent")
public class MailReportResource {

    public static final String RFC822 = "message/rfc822";

    private static final String TOO_LARGE_EXAMPLE = """
            {"type": "https://glossary.example/problems/payload-too-large", "title": "Payload too large", "status": 413,
             "detail": "The request body is larger than 1024 KiB", "instance": "/mail/reports"}""";

    @Inject MailReportService service;

    @POST
    @Consumes(RFC822)
    @Produces(JSON)
    // An MTA's pipe gets a token of this one scope rather than an admin's password.
    @RolesAllowed({Roles.ADMIN, Roles.MAIL_REPORTS})
    @SecurityRequirement(name = BASIC_AUTH)
    @SecurityRequirement(name = API_TOKEN)
    @Operation(operationId = "receiveMailReport",
            summary = "Take one raw report from the mail system: a DSN (RFC 3464), an ARF complaint (RFC 5965) or anything else (admin)")
    @RequestBody(required = false, description = "One message as the mail system received it, at most 1 MiB; "
            + "an empty body is taken too (unparsed)",
            content = @Content(mediaType = RFC822, schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "202", description = "Kept and counted; a bounce or complaint about our mail may have "
            + "stopped mail to its subscriber. Any input gets this answer, even one that is no mail at all (unparsed)",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = MailReportService.Outcome.class),
                    examples = @ExampleObject(name = "hard bounce", value = "{\"kind\": \"hard-bounce\", \"subscriberId\": 42}")))
    @APIResponse(responseCode = "413", description = "Body over 1 MiB",
            content = @Content(mediaType = PROBLEM, examples = @ExampleObject(name = "too large", value = TOO_LARGE_EXAMPLE)))
    @APIResponse(responseCode = "415", description = "The body is not message/rfc822")
    public Response receive(byte[] raw) {
        return Response.accepted(service.receive(raw == null ? new byte[0] : raw)).build();
    }
}
