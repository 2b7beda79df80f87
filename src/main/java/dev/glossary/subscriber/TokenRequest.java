package dev.glossary.subscriber;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "TokenRequest")
public record TokenRequest(
        @Schema(required = true, description = "The token from the link in the mail",
                example = "3q2-7wX1mNf0Jc9pQe5rT8uVyZa4bCdEfGhIjKlMnOp")
        @NotBlank @Size(max = Tokens.MAX_LENGTH) String token) {
}
