package dev.glossary.term.read;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.glossary.common.Sha256;
import dev.glossary.term.SlugLookup;
import dev.glossary.term.TermDocument;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Renders a term's JSON-LD from its JSON document, so that the two never disagree, with an ETag of its own. */
@ApplicationScoped
public class TermJsonLd {

    private final ObjectReader reader;
    private final ObjectWriter writer;
    private final String baseUrl;
    /** Inside the document's ETag: changes with it and with the base URL, which only the JSON-LD names. */
    private final String etagSuffix;

    TermJsonLd(ObjectMapper mapper, @ConfigProperty(name = "glossary.public-base-url") String publicBaseUrl) {
        this.reader = mapper.readerFor(Source.class);
        this.writer = mapper.writerFor(DefinedTerm.class);
        this.baseUrl = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
        this.etagSuffix = "-ld" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(Sha256.of(baseUrl), 3));
    }

    /** What a slug's lookup answers in the representation asked for: a redirect stays a redirect. */
    SlugLookup<TermDocument> as(TermRepresentation representation, SlugLookup<TermDocument> json) {
        if (representation == TermRepresentation.JSON_LD && json instanceof SlugLookup.Found<TermDocument> found) {
            return new SlugLookup.Found<>(render(found.value()));
        }
        return json;
    }

    TermDocument render(TermDocument json) {
        try {
            Source term = reader.readValue(json.json());
            String url = baseUrl + "/terms/" + term.slug();
            DefinedTerm ld = new DefinedTerm("https://schema.org", "DefinedTerm", url, url, term.name(),
                    term.shortDefinition(), term.slug(), term.aliases(), baseUrl + "/terms");
            String etag = json.etag().substring(0, json.etag().length() - 1) + etagSuffix + '"';
            return new TermDocument(json.slug(), writer.writeValueAsBytes(ld), etag);
        } catch (IOException e) {
            throw new UncheckedIOException("Term document of " + json.slug() + " is not readable JSON", e);
        }
    }

    /** What the JSON-LD takes from the term document; the document's other fields are ignored. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Source(String slug, String name, String shortDefinition, List<String> aliases) {
    }

    /** A term as a schema.org DefinedTerm (JSON-LD), for partners to embed in their pages; {@link TermJsonLd} renders it. */
    @Schema(name = "DefinedTerm", description = "A term as schema.org markup (JSON-LD), served for Accept: application/ld+json")
    @JsonPropertyOrder({"@context", "@type", "@id", "url", "name", "description", "termCode", "alternateName", "inDefinedTermSet"})
    public record DefinedTerm(
            @JsonProperty("@context") @Schema(enumeration = "https://schema.org", example = "https://schema.org") String context,
            @JsonProperty("@type") @Schema(enumeration = "DefinedTerm", example = "DefinedTerm") String type,
            @JsonProperty("@id") @Schema(description = "The term's public URL", format = "uri", example = "https://glossary.example/terms/transfer-learning")
            String id,
            @Schema(description = "The term's public URL, as @id", format = "uri", example = "https://glossary.example/terms/transfer-learning") String url,
            @Schema(example = "Transfer Learning") String name,
            @Schema(description = "The short definition",
                    example = "A technique where knowledge gained from training on one task is applied to a different but related task ...")
            String description,
            @Schema(description = "The slug", example = "transfer-learning") String termCode,
            @JsonInclude(JsonInclude.Include.NON_EMPTY)
            @Schema(description = "Present only when the term has aliases: its aliases", example = "[\"agi\"]")
            List<String> alternateName,
            @Schema(description = "The public URL of the glossary's term list", format = "uri", example = "https://glossary.example/terms")
            String inDefinedTermSet) {
    }
}
