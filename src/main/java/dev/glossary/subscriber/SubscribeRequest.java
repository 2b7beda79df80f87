package dev.glossary.subscriber;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "SubscribeRequest")
public record SubscribeRequest(
        @Schema(required = true, maxLength = EmailAddresses.MAX_LENGTH, example = "reader@example.org",
                description = "Stored trimmed and in lower case")
        @NotBlank @EmailAddress String email,
        @Schema(nullable = true, maxLength = 100, example = "glossary-page",
                description = "Where the reader subscribed; kept as consent proof")
        @Size(max = 100) String source) {
}
