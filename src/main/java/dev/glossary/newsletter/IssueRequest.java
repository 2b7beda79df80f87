package dev.glossary.newsletter;

import dev.glossary.common.HttpUrl;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of POST /newsletter/issues. */
@Schema(name = "IssueRequest")
public record IssueRequest(
        @Schema(required = true, example = "AI Investment Hits $42B in Q1 2026 — Here's Where It Went")
        @NotBlank @Size(max = 200) String title,
        @Schema(nullable = true, example = "Three numbers behind the quarter's record funding.")
        @Size(max = 2000) String summary,
        @Schema(nullable = true, example = "https://example.org/issues/42")
        @Size(max = 2048) @HttpUrl String url,
        @Schema(description = "Defaults to now", example = "2026-04-03T09:00:00Z")
        Instant publishedAt) {
}
