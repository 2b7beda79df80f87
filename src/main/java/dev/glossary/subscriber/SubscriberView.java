package dev.glossary.subscriber;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Subscriber", description = "A newsletter address as admins see it")
public record SubscriberView(
        @Schema(example = "42") long id,
        @Schema(example = "reader@example.org") String email,
        @Schema(type = SchemaType.STRING, enumeration = {"pending", "confirmed", "unsubscribed"}, example = "confirmed")
        String status,
        @Schema(nullable = true, example = "glossary-page") String source,
        @Schema(example = "2026-11-26T10:15:30Z") Instant createdAt,
        @Schema(implementation = String.class, format = "date-time", nullable = true, example = "2026-11-26T10:17:02Z")
        Instant confirmedAt,
        @Schema(implementation = String.class, format = "date-time", nullable = true, example = "2026-11-27T08:00:00Z")
        Instant unsubscribedAt) {

    static SubscriberView of(Subscriber subscriber) {
        return new SubscriberView(subscriber.id, subscriber.email, subscriber.status, subscriber.source,
                seconds(subscriber.createdAt), seconds(subscriber.confirmedAt), seconds(subscriber.unsubscribedAt));
    }

    /** The contract shows whole seconds. */
    private static Instant seconds(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS);
    }
}
