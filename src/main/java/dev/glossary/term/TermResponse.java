package dev.glossary.term;

import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The shape of a term document. PostgreSQL renders the documents (migration V5); this record describes them in the OpenAPI document. */
@Schema(name = "Term", description = "A glossary term with its aliases and related terms")
public record TermResponse(
        @Schema(example = "transfer-learning") String slug,
        @Schema(example = "Transfer Learning") String name,
        @Schema(example = "A technique where knowledge gained from training on one task is applied to a different but related task ...")
        String shortDefinition,
        @Schema(description = "Plain text; paragraphs are separated by a blank line",
                example = "Transfer learning is the foundation of modern AI deployment. ...")
        String description,
        @Schema(nullable = true, example = "https://example.org/explore/transfer-learning") String exploreUrl,
        @Schema(example = "[]") List<String> aliases,
        @Schema(description = "Ordered by name, case-insensitive") List<TermSummary> relatedTerms,
        @Schema(example = "2026-11-26T10:15:30Z") Instant createdAt,
        @Schema(example = "2026-11-26T10:15:30Z") Instant updatedAt) {
}
