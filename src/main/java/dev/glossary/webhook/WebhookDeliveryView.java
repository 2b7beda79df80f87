package dev.glossary.webhook;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

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
