package dev.glossary.newsletter;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Newsletter", description = "The newsletter and its latest issue")
public record NewsletterResponse(
        @Schema(example = "AI Economy Pulse") String name,
        @Schema(example = "Every Friday: the 3 AI data points that actually matter this week.") String tagline,
        @Schema(nullable = true) IssueResponse latestIssue) {
}
