package dev.glossary.term;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The shape of a term document. PostgreSQL renders the documents (migration V5); this record describes them in the OpenAPI document. */
@Schema(name = "Term", description = "A glossary term with its aliases and related terms")
public record TermResponse(
        @Schema(description = "Immutable: the same through renames, and in the change feed's deletions",
                example = "3f0c5a2e-8d1b-4c3e-9a57-2b6f1e4d7c90") UUID id,
        @Schema(example = "transfer-learning") String slug,
        @Schema(example = "Transfer Learning") String name,
        @Schema(example = "A technique where knowledge gained from training on one task is applied to a different but related task ...")
        String shortDefinition,
        @Schema(description = "Plain text; paragraphs are separated by a blank line",
                example = "Transfer learning is the foundation of modern AI deployment. ...")
        String description,
        @Schema(nullable = true, format = "uri", example = "https://example.org/explore/transfer-learning") String exploreUrl,
        @Schema(example = "[]") List<String> aliases,
        @Schema(description = "Ordered by name, case-insensitive") List<TermSummary> relatedTerms,
        @Schema(example = "2026-11-26T10:15:30Z") Instant createdAt,
        @Schema(example = "2026-11-26T10:15:30Z") Instant updatedAt,
        @Schema(description = "1 on creation, +1 on every change of this JSON (a related term's rename "
                + "included); the ETag changes exactly when it does", example = "3") int revision) {
}
