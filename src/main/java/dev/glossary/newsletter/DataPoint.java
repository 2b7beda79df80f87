package dev.glossary.newsletter;

import dev.glossary.common.HttpUrl;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One of an issue's three figures, as editors write it and readers see it. */
@Schema(name = "DataPoint", description = "A figure of an issue, its source, and the glossary terms it is about")
public record DataPoint(
        @Schema(required = true, minLength = 1, maxLength = 40, example = "$42B")
        @NotBlank @Size(max = 40) String value,
        @Schema(required = true, minLength = 1, maxLength = 120, example = "AI investment in Q1 2026")
        @NotBlank @Size(max = 120) String label,
        @Schema(maxLength = 300, description = "One sentence; empty when absent", example = "Up 38 % on the quarter before.")
        @Size(max = 300) String context,
        @Schema(required = true, format = "uri", maxLength = 2048, example = "https://example.org/reports/q1-2026")
        @NotNull @Size(max = 2048) @HttpUrl String sourceUrl,
        @Schema(maxItems = 5, description = "Existing term slugs (an alias names its term); unknown: 422",
                example = "[\"foundation-model\"]")
        @Size(max = 5) List<@NotNull @Pattern(regexp = "^[a-z0-9]+(-[a-z0-9]+)*$", message = "must be a slug") String> termSlugs) {

    /** Trimmed, with an absent context and term list made empty, as stored and served. */
    DataPoint normalised() {
        return new DataPoint(value.strip(), label.strip(), context == null ? "" : context.strip(), sourceUrl,
                termSlugs == null ? List.of() : termSlugs.stream().distinct().toList());
    }
}
