package dev.glossary.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.glossary.common.Page;
import dev.glossary.common.PageRequest;
import dev.glossary.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@ApplicationScoped
@Transactional
public class WebhookService {

    @Schema(name = "WebhookRequest")
    public record WebhookRequest(
            @Schema(description = "http(s) URL that receives the deliveries; private, loopback and link-local"
                    + " addresses are refused", format = "uri", example = "https://partner.example/hooks/glossary", maxLength = WebhookTargets.Target.MAX_LENGTH)
            @NotBlank @Size(max = WebhookTargets.Target.MAX_LENGTH) String url,
            @Schema(type = SchemaType.ARRAY, implementation = WebhookEventType.class, minItems = 1, maxItems = 4,
                    description = "The events to deliver")
            @NotEmpty @Size(max = 4) List<@NotNull String> events) {
    }

    /** The items of WebhookRequest.events: the enum on each item, so that generators make it an enum type. */
    @Schema(name = "WebhookEventType", type = SchemaType.STRING, enumeration = {WebhookPayloads.TERM_CREATED,
            WebhookPayloads.TERM_UPDATED, WebhookPayloads.TERM_DELETED, WebhookPayloads.ISSUE_PUBLISHED})
    interface WebhookEventType {
    }

    /** An endpoint as admins see it; the secret only in the answers that make one (create, rotate). */
    @Schema(name = "Webhook")
    public record WebhookResponse(
            @Schema(example = "3") long id,
            @Schema(format = "uri", example = "https://partner.example/hooks/glossary") String url,
            @Schema(example = "[\"term.created\", \"term.updated\", \"term.deleted\"]") List<String> events,
            @Schema(description = "Present only in the answers that make it (creation, rotation): the signing secret",
                    example = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwWq2Lz3tHgfQ=")
            @JsonInclude(JsonInclude.Include.NON_NULL) String secret,
            @Schema(example = "2026-11-26T10:15:30Z") Instant createdAt,
            @Schema(nullable = true, description = "When deliveries stopped: the receiver answered 410 Gone")
            Instant disabledAt) {

        static WebhookResponse of(WebhookEndpoint endpoint, String shownSecret) {
            return new WebhookResponse(endpoint.id, endpoint.url, endpoint.events, shownSecret, endpoint.createdAt,
                    endpoint.disabledAt);
        }
    }

    /** One event's delivery to one endpoint, as the deliveries log shows it. */
    @Schema(name = "WebhookDelivery")
    public record WebhookDeliveryView(
            @Schema(description = "The webhook-id header of every attempt", example = "msg_2f7d9c1e-6a4b-4c1a-9f3e-0b5d8e7a6c21")
            String id,
            @Schema(example = "term.updated") String event,
            @Schema(description = "Attempts made so far", example = "1") int attempt,
            @Schema(type = SchemaType.STRING, enumeration = {"pending", "delivered", "failed"},
                    description = "pending: not yet answered with 2xx, retried; failed: given up after the retry window")
            String status,
            @Schema(nullable = true, description = "The receiver's status code at the last attempt; null when it did not answer",
                    example = "200") Integer responseStatus,
            @Schema(description = "The last attempt, or when the event was queued", example = "2026-11-26T10:15:31Z")
            Instant at) {
    }

    @Inject WebhookRepository endpoints;
    @Inject WebhookTargets targets;
    @Inject WebhooksConfig config;

    /** The new endpoint with its secret, which no later answer shows again. */
    public WebhookResponse create(WebhookRequest request) {
        String url = request.url().strip();
        targets.checkAtCreation(url);
        WebhookEndpoint endpoint = new WebhookEndpoint();
        endpoint.url = url;
        endpoint.events = List.copyOf(new LinkedHashSet<>(request.events()));
        if (!WebhookPayloads.EVENTS.containsAll(endpoint.events)) {
            throw ProblemException.invalidField("events", "must hold only " + String.join(", ", WebhookPayloads.EVENTS));
        }
        endpoint.secret = WebhookSecrets.newKey();
        endpoints.persist(endpoint);
        return WebhookResponse.of(endpoint, WebhookSecrets.shown(endpoint.secret));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<WebhookResponse> list(PageRequest page) {
        return Page.counted(page, endpoints.count(),
                () -> endpoints.newestFirst(page).stream().map(endpoint -> WebhookResponse.of(endpoint, null)).toList());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public WebhookResponse get(long id) {
        return WebhookResponse.of(endpoints.findByIdOptional(id).orElseThrow(() -> notFound(id)), null);
    }

    public void delete(long id) {
        if (!endpoints.deleteById(id)) {
            throw notFound(id);
        }
    }

    /** A new secret; the old one keeps signing, as a second signature, for the overlap (24 h by default). */
    public WebhookResponse rotateSecret(long id) {
        byte[] secret = WebhookSecrets.newKey();
        if (!endpoints.rotate(id, secret, config.secretOverlap())) {
            throw notFound(id);
        }
        return WebhookResponse.of(endpoints.findById(id), WebhookSecrets.shown(secret));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<WebhookDeliveryView> deliveries(long id, PageRequest page) {
        get(id);
        return Page.counted(page, endpoints.countDeliveries(id), () -> endpoints.deliveriesNewestFirst(id, page));
    }

    static ProblemException notFound(long id) {
        return ProblemException.notFound("No webhook has the id " + id);
    }
}
