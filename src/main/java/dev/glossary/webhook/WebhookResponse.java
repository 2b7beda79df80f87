package dev.glossary.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An endpoint as admins see it; the secret only in the answers that make one (create, rotate). */
@Schema(name = "Webhook")
public record WebhookResponse(
        @Schema(example = "3") long id,
        @Schema(example = "https://partner.example/hooks/glossary") String url,
        @Schema(example = "[\"term.created\", \"term.updated\", \"term.deleted\"]") List<String> events,
        @Schema(description = "Signing secret, shown only when it is made (creation, rotation)",
                example = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwWq2Lz3tHgfQ=")
        @JsonInclude(JsonInclude.Include.NON_NULL) String secret,
        @Schema(example = "2026-11-26T10:15:30Z") Instant createdAt,
        @Schema(nullable = true, description = "When deliveries stopped: the receiver answered 410 Gone")
        Instant disabledAt) {

    WebhookResponse withSecret(String shownSecret) {
        return new WebhookResponse(id, url, events, shownSecret, createdAt, disabledAt);
    }
}
