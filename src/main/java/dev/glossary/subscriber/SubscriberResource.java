package dev.glossary.subscriber;

import static dev.glossary.web.ApiDocs.API_TOKEN;
import static dev.glossary.web.ApiDocs.BASIC_AUTH;
import static dev.glossary.web.ApiDocs.JSON;
import static dev.glossary.web.ApiDocs.PROBLEM;

import dev.glossary.common.PathIds;
import dev.glossary.common.Sha256;
import dev.glossary.mail.Masthead;
import dev.glossary.security.Roles;
import dev.glossary.subscriber.ratelimit.SubscribeRateLimit;
import dev.glossary.web.ApiDocs;
import dev.glossary.web.Links;
import dev.glossary.web.PageParams;
import dev.glossary.web.ProblemException;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
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
import org.jboss.resteasy.reactive.RestForm;

/** Subscriptions: the public side (subscribe, confirm, unsubscribe) and the admins' (list, erase). */
@Path("/subscribers")
@Produces(JSON)
@Tag(name = "Subscribers", description = "Newsletter subscriptions with double opt-in")
public class SubscriberResource {

    static final String HTML = MediaType.TEXT_HTML;
    static final String FORM = MediaType.APPLICATION_FORM_URLENCODED;

    private static final String TOO_MANY_EXAMPLE = """
            {"type": "https://glossary.example/problems/too-many-requests", "title": "Too many requests",
             "status": 429, "detail": "Too many requests; retry in 42 s", "instance": "/subscribers"}""";
    private static final String GONE_EXAMPLE = """
            {"type": "https://glossary.example/problems/gone", "title": "Gone", "status": 410,
             "detail": "This confirmation link has expired; subscribe again to get a new one",
             "instance": "/subscribers/confirm"}""";

    @Schema(name = "SubscribeRequest")
    public record SubscribeRequest(
            @Schema(required = true, format = "email", maxLength = EmailAddresses.MAX_LENGTH, example = "reader@example.org",
                    description = "Stored trimmed and in lower case")
            @NotBlank @EmailAddresses.Valid String email,
            @Schema(nullable = true, maxLength = 100, example = "glossary-page",
                    description = "Where the reader subscribed; kept as consent proof")
            @Size(max = 100) String source) {
    }

    @Schema(name = "TokenRequest")
    public record TokenRequest(
            @Schema(required = true, minLength = 1, description = "The token from the link in the mail",
                    example = "3q2-7wX1mNf0Jc9pQe5rT8uVyZa4bCdEfGhIjKlMnOp")
            @NotBlank @Size(max = TokenRepository.MAX_LENGTH) String token) {
    }

    /** The whole answer of the public subscription endpoints: it tells nothing about the address. */
    @Schema(name = "SubscriptionStatus")
    public record SubscriptionStatus(@Schema(example = "accepted") String status) {
        static final SubscriptionStatus ACCEPTED = new SubscriptionStatus("accepted");
        static final SubscriptionStatus CONFIRMED = new SubscriptionStatus("confirmed");
        static final SubscriptionStatus UNSUBSCRIBED = new SubscriptionStatus("unsubscribed");
    }

    @Inject SubscriberService service;
    @Inject SubscribeRateLimit rateLimit;

    /** The pages behind the links in mails: opening one changes nothing (mail scanners follow links), its button POSTs. */
    private final Template page;
    private final String newsletter;
    private final String style;
    private final String contentSecurityPolicy;

    SubscriberResource(@Location("subscriber/page.html") Template page, Masthead masthead) throws IOException {
        this.page = page;
        this.newsletter = masthead.name();
        try (InputStream in = Objects.requireNonNull(getClass().getClassLoader()
                .getResourceAsStream("pages/subscription-page.css"), "pages/subscription-page.css is missing")) {
            this.style = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        this.contentSecurityPolicy = "default-src 'none'; style-src 'sha256-" + Base64.getEncoder().encodeToString(Sha256.of(style))
                + "'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    }

    @POST
    @Consumes(JSON)
    @Operation(operationId = "subscribe",
            summary = "Subscribe an address; a confirmation mail follows unless it is already confirmed")
    @APIResponse(responseCode = "202", description = "The same answer whatever the address's state",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = SubscriptionStatus.class),
                    examples = @ExampleObject(name = "accepted", value = "{\"status\": \"accepted\"}")))
    @APIResponse(responseCode = "400", description = "Invalid address or source, malformed JSON or unknown field",
            content = @Content(mediaType = PROBLEM, examples = @ExampleObject(name = "invalid", value = ApiDocs.SUBSCRIBE_EXAMPLE)))
    @APIResponse(responseCode = "429", description = "Too many subscribe requests from this client",
            headers = @Header(name = "Retry-After", description = "Seconds until the limit resets"),
            content = @Content(mediaType = PROBLEM, examples = @ExampleObject(name = "too many", value = TOO_MANY_EXAMPLE)))
    public Response subscribe(@Valid @NotNull(message = "a JSON body is required") SubscribeRequest request,
            @Context HttpServerRequest http) {
        rateLimit.check(http);
        service.subscribe(request.email(), request.source());
        return Response.accepted(SubscriptionStatus.ACCEPTED).build();
    }

    @GET
    @Path("/confirm")
    @Produces(HTML)
    @Operation(operationId = "showConfirmPage",
            summary = "The page a confirmation mail links to; its button confirms, opening it changes nothing")
    @APIResponse(responseCode = "200", description = "A small HTML page with a form that POSTs the token",
            content = @Content(mediaType = HTML))
    @APIResponse(responseCode = "400", description = "No token in the link")
    @APIResponse(responseCode = "406", description = "The client accepts no HTML; the page exists only as HTML")
    public Response confirmPage(
            @Parameter(description = "The token from the mail", required = true, schema = @Schema(type = SchemaType.STRING, minLength = 1))
            @QueryParam("token") String token) {
        return render("Confirm your subscription", "One click and " + newsletter + " arrives in your inbox every week.",
                "confirm", requireToken(token), "Confirm subscription");
    }

    @POST
    @Path("/confirm")
    @Consumes(JSON)
    @Operation(operationId = "confirmSubscription", summary = "Confirm a subscription; idempotent")
    @APIResponse(responseCode = "200", description = "The address is confirmed",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = SubscriptionStatus.class),
                    examples = @ExampleObject(name = "confirmed", value = "{\"status\": \"confirmed\"}")))
    @APIResponse(responseCode = "400", description = "No token, malformed JSON or unknown field")
    @APIResponse(responseCode = "404", description = "Unknown token")
    @APIResponse(responseCode = "410", description = "The token has expired, or the address unsubscribed since",
            content = @Content(mediaType = PROBLEM, examples = @ExampleObject(name = "expired", value = GONE_EXAMPLE)))
    public SubscriptionStatus confirm(@Valid @NotNull(message = "a JSON body is required") TokenRequest request) {
        service.confirm(request.token());
        return SubscriptionStatus.CONFIRMED;
    }

    @POST
    @Path("/confirm")
    @Consumes(FORM)
    @Produces({JSON, HTML})
    @Operation(operationId = "confirmSubscriptionByForm",
            summary = "Confirm a subscription from the confirm page's form; idempotent")
    @APIResponse(responseCode = "200", description = "Confirmed: JSON, or a page when the client prefers HTML",
            content = {@Content(mediaType = JSON, schema = @Schema(implementation = SubscriptionStatus.class)),
                       @Content(mediaType = HTML)})
    @APIResponse(responseCode = "400", description = "No token")
    @APIResponse(responseCode = "404", description = "Unknown token")
    @APIResponse(responseCode = "410", description = "The token has expired, or the address unsubscribed since")
    public Response confirmByForm(@RestForm("token") String token, @Context HttpHeaders headers) {
        service.confirm(requireToken(token));
        return prefersHtml(headers)
                ? render("You are subscribed", "Thank you. The next issue of " + newsletter + " is on its way.", null, "", null)
                : Response.ok(SubscriptionStatus.CONFIRMED, JSON).build();
    }

    @GET
    @Path("/unsubscribe")
    @Produces(HTML)
    @Operation(operationId = "showUnsubscribePage",
            summary = "The page List-Unsubscribe links to; its button unsubscribes, opening it changes nothing")
    @APIResponse(responseCode = "200", description = "A small HTML page with a form that POSTs the token",
            content = @Content(mediaType = HTML))
    @APIResponse(responseCode = "400", description = "No token in the link")
    @APIResponse(responseCode = "406", description = "The client accepts no HTML; the page exists only as HTML")
    public Response unsubscribePage(
            @Parameter(description = "The token from the mail", required = true, schema = @Schema(type = SchemaType.STRING, minLength = 1))
            @QueryParam("token") String token) {
        return render("Unsubscribe", "You will get no more mail from " + newsletter + ".", "unsubscribe",
                requireToken(token), "Unsubscribe");
    }

    @POST
    @Path("/unsubscribe")
    @Consumes(JSON)
    @Operation(operationId = "unsubscribe", summary = "Unsubscribe; idempotent")
    @APIResponse(responseCode = "200", description = "The address is unsubscribed",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = SubscriptionStatus.class),
                    examples = @ExampleObject(name = "unsubscribed", value = "{\"status\": \"unsubscribed\"}")))
    @APIResponse(responseCode = "400", description = "No token, malformed JSON or unknown field")
    @APIResponse(responseCode = "404", description = "Unknown token")
    public SubscriptionStatus unsubscribe(@Valid @NotNull(message = "a JSON body is required") TokenRequest request) {
        service.unsubscribe(request.token());
        return SubscriptionStatus.UNSUBSCRIBED;
    }

    @POST
    @Path("/unsubscribe")
    @Consumes({FORM, MediaType.MULTIPART_FORM_DATA})
    @Produces({JSON, HTML})
    @Operation(operationId = "unsubscribeByForm",
            summary = "Unsubscribe from the page's form, or RFC 8058 one-click: ?token=... with List-Unsubscribe=One-Click")
    @APIResponse(responseCode = "200", description = "Unsubscribed: JSON, or a page when the client prefers HTML",
            content = {@Content(mediaType = JSON, schema = @Schema(implementation = SubscriptionStatus.class)),
                       @Content(mediaType = HTML)})
    @APIResponse(responseCode = "400", description = "No token")
    @APIResponse(responseCode = "404", description = "Unknown token")
    public Response unsubscribeByForm(
            @Parameter(description = "The token, as in the List-Unsubscribe URL") @QueryParam("token") String queryToken,
            @RestForm("token") String formToken,
            @Parameter(description = "RFC 8058 one-click marker") @RestForm("List-Unsubscribe") String oneClick,
            @Context HttpHeaders headers) {
        service.unsubscribe(requireToken(formToken != null && !formToken.isBlank() ? formToken : queryToken));
        boolean mailClient = "One-Click".equals(oneClick);
        return !mailClient && prefersHtml(headers)
                ? render("You are unsubscribed", "You will get no more mail from " + newsletter + ".", null, "", null)
                : Response.ok(SubscriptionStatus.UNSUBSCRIBED, JSON).build();
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.SUBSCRIBERS_ADMIN})
    @SecurityRequirement(name = BASIC_AUTH)
    @SecurityRequirement(name = API_TOKEN)
    @Operation(operationId = "listSubscribers", summary = "List subscribers, newest first (admin)")
    @APIResponse(responseCode = "200", description = "A page of subscribers",
            headers = @Header(name = "Link", description = "first, prev, next and last pages (RFC 8288)"),
            content = @Content(mediaType = JSON, schema = @Schema(ref = "SubscriberPage")))
    @APIResponse(responseCode = "400", description = "Unknown status, or page or size out of range",
            content = @Content(mediaType = PROBLEM, examples = @ExampleObject(name = "invalid", value = ApiDocs.PAGE_EXAMPLE)))
    public Response list(
            @Parameter(description = "Only subscribers in this state",
                    schema = @Schema(type = SchemaType.STRING,
                            enumeration = {"pending", "confirmed", "unsubscribed", "bounced", "complained"}))
            @QueryParam("status") String status,
            @BeanParam PageParams paging,
            @Context UriInfo uri) {
        return Links.pageResponse(uri, service.list(SubscriberStatus.parseFilter(status), paging.toRequest()));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.SUBSCRIBERS_ADMIN})
    @SecurityRequirement(name = BASIC_AUTH)
    @SecurityRequirement(name = API_TOKEN)
    @Operation(operationId = "eraseSubscriber",
            summary = "Erase a subscriber: the address, its tokens and its queued mails, for good (admin)")
    @APIResponse(responseCode = "204", description = "Erased")
    @APIResponse(responseCode = "404", description = "No subscriber has this id")
    public Response erase(@PathParam("id") String id) {
        service.erase(PathIds.parse(id).orElseThrow(() -> ProblemException.notFound("No subscriber has this id")));
        return Response.noContent().build();
    }

    private static String requireToken(String token) {
        if (token == null || token.isBlank()) {
            throw ProblemException.invalidField("token", "must not be blank");
        }
        if (token.length() > TokenRepository.MAX_LENGTH) {
            throw ProblemException.invalidField("token", "must be at most " + TokenRepository.MAX_LENGTH + " characters");
        }
        return token.strip();
    }

    /** Whether the client (a browser submitting the page's form) wants a page rather than JSON. */
    private static boolean prefersHtml(HttpHeaders headers) {
        return headers.getAcceptableMediaTypes().stream().findFirst()
                .map(type -> type.isCompatible(MediaType.TEXT_HTML_TYPE) && !type.isWildcardType())
                .orElse(false);
    }

    /** The form posts to a relative action ("confirm" on /subscribers/confirm), so a path prefix in front of us is kept. */
    private Response render(String heading, String message, String action, String token, String button) {
        String html = page.data("newsletter", newsletter).data("style", style).data("heading", heading)
                .data("message", message).data("action", action).data("token", token).data("button", button).render();
        return Response.ok(html, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Content-Security-Policy", contentSecurityPolicy)
                // The URL holds the token: keep it out of caches (web.ResponseHeaders keeps it out of Referer).
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build();
    }
}
