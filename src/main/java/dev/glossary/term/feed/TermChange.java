package dev.glossary.term.feed;

import dev.glossary.term.TermResponse;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The shape of one change of the feed. */
@Schema(name = "Change", description = "The latest change of one term; term is the Term as GET /terms/{slug} "
        + "serves it now, null for a deletion")
public record TermChange(
        @Schema(description = "Position in the feed; rises in the order changes became visible", example = "42") long seq,
        @Schema(enumeration = {"created", "updated", "deleted"}, example = "updated") String type,
        @Schema(description = "The term's immutable id", example = "3f0c5a2e-8d1b-4c3e-9a57-2b6f1e4d7c90") UUID id,
        @Schema(description = "The term's slug; for a deletion, its last one", example = "transfer-learning") String slug,
        @Schema(description = "Present only when this change renamed the term: the slug it had before",
                example = "old-slug") String previousSlug,
        @Schema(description = "The term's revision after this change", example = "3") int revision,
        @Schema(example = "2026-11-26T10:15:30Z") Instant at,
        @Schema(nullable = true) TermResponse term) {
}
