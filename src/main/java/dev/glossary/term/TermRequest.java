package dev.glossary.term;

import dev.glossary.common.HttpUrl;
import dev.glossary.common.Slugs;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of POST and PUT: a full description of the term as the editor wants it. */
@Schema(name = "TermRequest")
public record TermRequest(
        @Schema(required = true, example = "Retrieval-Augmented Generation")
        @NotBlank @Size(max = 200) String name,
        @Schema(required = true, example = "A technique that grounds a language model's answer in documents retrieved at query time.")
        @NotBlank @Size(max = 300) String shortDefinition,
        @Schema(description = "Derived from the name when absent (POST); kept as it is when absent (PUT)",
                example = "retrieval-augmented-generation")
        @Size(max = Slugs.MAX_LENGTH) @Pattern(regexp = Slugs.PATTERN, message = "must be lower-case words of a-z and 0-9 joined by single hyphens")
        String slug,
        @Schema(description = "Plain text, paragraphs separated by a blank line")
        @Size(max = 20000) String description,
        @Schema(nullable = true, format = "uri", example = "https://example.org/rag")
        @Size(max = 2048) @HttpUrl String exploreUrl,
        @Schema(description = "Other slugs that redirect to this term", example = "[\"rag\"]")
        @Size(max = 50) List<@NotNull @Size(max = Slugs.MAX_LENGTH) @Pattern(regexp = Slugs.PATTERN, message = "must be lower-case words of a-z and 0-9 joined by single hyphens") String> aliases,
        @Schema(description = "Slugs of related terms; relations are symmetric", example = "[\"fine-tuning\"]")
        @Size(max = 100) List<@NotNull @Size(max = Slugs.MAX_LENGTH) String> relatedSlugs) {
}
