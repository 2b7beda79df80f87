package dev.glossary.term.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glossary.term.SlugLookup;
import dev.glossary.term.TermDocument;
import dev.glossary.web.ETags;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TermJsonLdTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ALIASED = """
            {"id": "0f8a1e43-6c1b-4f7e-9d52-3c0d3a7e2b11", "revision": 7, "slug": "artificial-general-intelligence",
             "name": "Artificial General Intelligence (AGI)", "shortDefinition": "Matches humans at any task.",
             "description": "Long text.", "exploreUrl": null, "aliases": ["agi", "strong-ai"], "relatedTerms": [],
             "createdAt": "2026-11-26T10:15:30Z", "updatedAt": "2026-11-26T10:15:30Z"}""";

    private final TermJsonLd jsonLd = new TermJsonLd(MAPPER, "https://glossary.example/");

    private static TermDocument document(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return new TermDocument("artificial-general-intelligence", bytes, ETags.of(bytes));
    }

    private static Map<String, Object> read(TermDocument ld) throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = MAPPER.readValue(ld.json(), Map.class);
        return fields;
    }

    @Test
    void shouldRenderADefinedTermFromTheDocumentIgnoringFieldsItDoesNotUse() throws IOException {
        String url = "https://glossary.example/terms/artificial-general-intelligence";
        assertEquals(Map.of("@context", "https://schema.org", "@type", "DefinedTerm", "@id", url, "url", url,
                "name", "Artificial General Intelligence (AGI)", "description", "Matches humans at any task.",
                "termCode", "artificial-general-intelligence", "alternateName", List.of("agi", "strong-ai"),
                "inDefinedTermSet", "https://glossary.example/terms"), read(jsonLd.render(document(ALIASED))));
    }

    @Test
    void shouldLeaveOutAlternateNameWithoutAliases() throws IOException {
        Map<String, Object> fields = read(jsonLd.render(document(ALIASED.replace("[\"agi\", \"strong-ai\"]", "[]"))));
        assertFalse(fields.containsKey("alternateName"));
        assertEquals(8, fields.size());
    }

    @Test
    void shouldTagJsonLdWithAnETagOfItsOwnThatFollowsTheDocument() {
        TermDocument json = document(ALIASED);
        String etag = jsonLd.render(json).etag();
        assertNotEquals(json.etag(), etag);
        assertTrue(etag.startsWith(json.etag().substring(0, json.etag().length() - 1)) && etag.endsWith("\""), etag);
        assertNotEquals(etag, jsonLd.render(document(ALIASED.replace("\"revision\": 7", "\"revision\": 8"))).etag());
        assertNotEquals(etag, new TermJsonLd(MAPPER, "https://partners.example").render(json).etag());
    }

    @Test
    void shouldKeepARedirectARedirect() {
        SlugLookup<TermDocument> moved = new SlugLookup.Moved<>("artificial-general-intelligence");
        assertEquals(moved, jsonLd.as(TermRepresentation.JSON_LD, moved));
    }
}
