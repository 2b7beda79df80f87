package dev.glossary.newsletter;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A published data point about a term, with the issue it appeared in. */
@Schema(name = "TermDataPoint", description = "A data point naming the term, from a published issue")
public record TermDataPoint(
        @Schema(example = "42") long issueId,
        @Schema(example = "AI Investment Hits $42B in Q1 2026 — Here's Where It Went") String issueTitle,
        @Schema(example = "2026-04-03T09:00:00Z") Instant publishedAt,
        @Schema(maxLength = 40, example = "$42B") String value,
        @Schema(maxLength = 120, example = "AI investment in Q1 2026") String label,
        @Schema(maxLength = 300, example = "Up 38 % on the quarter before.") String context,
        @Schema(format = "uri", example = "https://example.org/reports/q1-2026") String sourceUrl) {

    static TermDataPoint of(DataPointRepository.Mention mention) {
        DataPoint point = mention.dataPoint();
        return new TermDataPoint(mention.issueId(), mention.issueTitle(), mention.publishedAt(), point.value(),
                point.label(), point.context(), point.sourceUrl());
    }
}
