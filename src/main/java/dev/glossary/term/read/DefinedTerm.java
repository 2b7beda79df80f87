package dev.glossary.term.read;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A term as a schema.org DefinedTerm (JSON-LD), for partners to embed in their pages; {@link TermJsonLd} renders it. */
@Schema(name = "DefinedTerm", description = "A term as schema.org markup (JSON-LD), served for Accept: application/ld+json")
@JsonPropertyOrder({"@context", "@type", "@id", "url", "name", "description", "termCode", "alternateName", "inDefinedTermSet"})
public record DefinedTerm(
        @JsonProperty("@context") @Schema(enumeration = "https://schema.org", example = "https://schema.org") String context,
        @JsonProperty("@type") @Schema(enumeration = "DefinedTerm", example = "DefinedTerm") String type,
        @JsonProperty("@id") @Schema(description = "The term's public URL", example = "https://glossary.example/terms/transfer-learning")
        String id,
        @Schema(description = "The term's public URL, as @id", example = "https://glossary.example/terms/transfer-learning") String url,
        @Schema(example = "Transfer Learning") String name,
        @Schema(description = "The short definition",
                example = "A technique where knowledge gained from training on one task is applied to a different but related task ...")
        String description,
        @Schema(description = "The slug", example = "transfer-learning") String termCode,
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        @Schema(description = "Present only when the term has aliases: its aliases", example = "[\"agi\"]")
        List<String> alternateName,
        @Schema(description = "The public URL of the glossary's term list", example = "https://glossary.example/terms")
        String inDefinedTermSet) {

    static final String CONTEXT = "https://schema.org";
    static final String TYPE = "DefinedTerm";
}
