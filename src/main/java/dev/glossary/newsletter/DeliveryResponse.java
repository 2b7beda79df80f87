package dev.glossary.newsletter;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Delivery", description = "How far the sending of one issue has got")
public record DeliveryResponse(
        @Schema(example = "42") long issueId,
        @Schema(enumeration = {"queued", "sending", "sent"}, example = "sending") String status,
        @Schema(description = "Subscribers confirmed when the send started", example = "12034") int recipients,
        @Schema(example = "9000") long sent,
        @Schema(description = "Mails given up after their last retry", example = "0") long failed,
        @Schema(example = "2026-04-03T09:00:00Z") Instant startedAt,
        @Schema(nullable = true, example = "2026-04-03T09:04:01Z") Instant finishedAt) {
}
