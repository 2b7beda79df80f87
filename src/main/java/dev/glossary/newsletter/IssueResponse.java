package dev.glossary.newsletter;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Issue", description = "One issue of the newsletter")
public record IssueResponse(
        @Schema(example = "1") long id,
        @Schema(example = "AI Investment Hits $42B in Q1 2026 — Here's Where It Went") String title,
        @Schema(nullable = true) String summary,
        @Schema(nullable = true, example = "https://example.org/issues/42") String url,
        @Schema(example = "2026-04-03T09:00:00Z") Instant publishedAt) {

    static IssueResponse of(NewsletterIssue issue) {
        return new IssueResponse(issue.id, issue.title, issue.summary, issue.url, issue.publishedAt);
    }
}
