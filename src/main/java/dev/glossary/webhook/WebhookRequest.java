package dev.glossary.webhook;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of POST /webhooks. */
@Schema(name = "WebhookRequest")
public record WebhookRequest(
        @Schema(description = "http(s) URL that receives the deliveries; private, loopback and link-local"
                + " addresses are refused", example = "https://partner.example/hooks/glossary", maxLength = WebhookTarget.MAX_LENGTH)
        @NotBlank @Size(max = WebhookTarget.MAX_LENGTH) String url,
        @Schema(type = SchemaType.ARRAY, minItems = 1, maxItems = 4, description = "The events to deliver",
                implementation = String.class, enumeration = {"term.created", "term.updated", "term.deleted",
                        "newsletter.issue.published"})
        @NotEmpty @Size(max = 4) List<@NotNull String> events) {
}
