package dev.glossary.term;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "TermSummary", description = "What a list, a related-terms block or a type-ahead shows of a term")
public record TermSummary(
        @Schema(example = "fine-tuning") String slug,
        @Schema(example = "Fine-Tuning") String name,
        @Schema(example = "The process of further training a pre-trained AI model on a specific, smaller dataset ...")
        String shortDefinition) {

    /** From native query rows of (slug, name, short_definition, ...). */
    public static List<TermSummary> of(List<?> rows) {
        return rows.stream().map(Object[].class::cast)
                .map(row -> new TermSummary((String) row[0], (String) row[1], (String) row[2])).toList();
    }
}
