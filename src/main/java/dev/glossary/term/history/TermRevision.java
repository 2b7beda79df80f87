package dev.glossary.term.history;

import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One entry of a term's history. */
@Schema(name = "TermRevision", description = "One revision of a term: when, by whom, and which fields of its JSON changed")
public record TermRevision(
        @Schema(example = "3") int revision,
        @Schema(example = "2026-11-26T10:15:30Z") Instant at,
        @Schema(nullable = true, description = "The editor's username; null for revisions made before history was kept",
                example = "alice") String author,
        @Schema(description = "The fields of the Term JSON this revision changed (all of them for revision 1); "
                + "empty when only updatedAt changed", example = "[\"shortDefinition\"]") List<String> fields) {
}
