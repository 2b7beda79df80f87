package dev.glossary.subscriber;

import static dev.glossary.common.ApiDocs.JSON;
import static dev.glossary.common.ApiDocs.PROBLEM;

import dev.glossary.common.ApiDocs;
import dev.glossary.common.ProblemException;
import dev.glossary.subscriber.ratelimit.SubscribeRateLimit;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;

/** The public side of subscriptions: subscribe, confirm and unsubscribe. */
@Path("/subscribers")
@Produces(JSON)
@Tag(name = "Subscribers", description = "Newsletter subscriptions with double opt-in")
public class SubscriberResource {

    static final String HTML = MediaType.TEXT_HTML;
    static final String FORM = MediaType.APPLICATION_FORM_URLENCODED;
    static final String MULTIPART = MediaType.MULTIPART_FORM_DATA;
    static final String ONE_CLICK = "One-Click";

    private static final String ACCEPTED_EXAMPLE = "{\"status\": \"accepted\"}";
    private static final String CONFIRMED_EXAMPLE = "{\"status\": \"confirmed\"}";
    private static final String UNSUBSCRIBED_EXAMPLE = "{\"status\": \"unsubscribed\"}";
    private static final String TOO_MANY_EXAMPLE = """
            {"type": "https://glossary.example/problems/too-many-requests", "title": "Too many requests",
             "status": 429, "detail": "Too many requests; retry in 42 s", "instance": "/subscribers"}""";
    private static final String GONE_EXAMPLE = """
            {"type": "https://glossary.example/problems/gone", "title": "Gone", "status": 410,
             "detail": "This confirmation link has expired; subscribe again to get a new one",
             "instance": "/subscribers/confirm"}""";

    private final SubscriberService service;
    private final SubscribeRateLimit rateLimit;
    private final SubscriptionPages pages;

    SubscriberResource(SubscriberService service, SubscribeRateLimit rateLimit, SubscriptionPages pages) {
        this.service = service;
        this.rateLimit = rateLimit;
        this.pages = pages;
    }

    @POST
    @Consumes(JSON)
    @Operation(operationId = "subscribe",
            summary = "Subscribe an address; a confirmation mail follows unless it is already confirmed")
    @APIResponse(responseCode = "202", description = "The same answer whatever the address's state",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = SubscriptionStatus.class),
                    examples = @ExampleObject(name = "accepted", value = ACCEPTED_EXAMPLE)))
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
            @Parameter(description = "The token from the mail", required = true) @QueryParam("token") String token) {
        return pages.confirmPage(requireToken(token));
    }

    @POST
    @Path("/confirm")
    @Consumes(JSON)
    @Operation(operationId = "confirmSubscription", summary = "Confirm a subscription; idempotent")
    @APIResponse(responseCode = "200", description = "The address is confirmed",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = SubscriptionStatus.class),
                    examples = @ExampleObject(name = "confirmed", value = CONFIRMED_EXAMPLE)))
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
        return SubscriptionPages.prefersHtml(headers) ? pages.confirmed()
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
            @Parameter(description = "The token from the mail", required = true) @QueryParam("token") String token) {
        return pages.unsubscribePage(requireToken(token));
    }

    @POST
    @Path("/unsubscribe")
    @Consumes(JSON)
    @Operation(operationId = "unsubscribe", summary = "Unsubscribe; idempotent")
    @APIResponse(responseCode = "200", description = "The address is unsubscribed",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = SubscriptionStatus.class),
                    examples = @ExampleObject(name = "unsubscribed", value = UNSUBSCRIBED_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "No token, malformed JSON or unknown field")
    @APIResponse(responseCode = "404", description = "Unknown token")
    public SubscriptionStatus unsubscribe(@Valid @NotNull(message = "a JSON body is required") TokenRequest request) {
        service.unsubscribe(request.token());
        return SubscriptionStatus.UNSUBSCRIBED;
    }

    @POST
    @Path("/unsubscribe")
    @Consumes({FORM, MULTIPART})
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
        boolean mailClient = ONE_CLICK.equals(oneClick);
        return !mailClient && SubscriptionPages.prefersHtml(headers) ? pages.unsubscribed()
                : Response.ok(SubscriptionStatus.UNSUBSCRIBED, JSON).build();
    }

    private static String requireToken(String token) {
        if (token == null || token.isBlank()) {
            throw ProblemException.invalidField("token", "must not be blank");
        }
        if (token.length() > Tokens.MAX_LENGTH) {
            throw ProblemException.invalidField("token", "must be at most " + Tokens.MAX_LENGTH + " characters");
        }
        return token.strip();
    }
}
