package dev.glossary.term.read;

import static dev.glossary.term.read.TermRepresentation.JSON;
import static dev.glossary.term.read.TermRepresentation.JSON_LD;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TermRepresentationTest {

    private static Optional<TermRepresentation> choose(String... acceptLines) {
        return TermRepresentation.choose(List.of(acceptLines));
    }

    @Test
    void shouldServeJsonWithoutAnAcceptHeader() {
        assertEquals(Optional.of(JSON), TermRepresentation.choose(List.of()));
        assertEquals(Optional.of(JSON), TermRepresentation.choose(null));
        assertEquals(Optional.of(JSON), choose(" "));
    }

    @Test
    void shouldServeJsonToJsonAndToWildcards() {
        for (String accept : List.of("application/json", "*/*", "application/*", "*", "text/html, */*;q=0.1")) {
            assertEquals(Optional.of(JSON), choose(accept), accept);
        }
    }

    @Test
    void shouldServeJsonLdWhenAskedFor() {
        assertEquals(Optional.of(JSON_LD), choose("application/ld+json"));
        assertEquals(Optional.of(JSON_LD), choose("Application/LD+JSON ; Q=0.5"));
        assertEquals(Optional.of(JSON_LD), choose("application/ld+json;profile=\"http://www.w3.org/ns/json-ld#compacted\""));
    }

    @Test
    void shouldPreferTheHigherQuality() {
        assertEquals(Optional.of(JSON), choose("application/ld+json;q=0.9, application/json"));
        assertEquals(Optional.of(JSON_LD), choose("application/json;q=0.5, application/ld+json"));
        assertEquals(Optional.of(JSON_LD), choose("application/ld+json, application/*;q=0.8"));
    }

    @Test
    void shouldPreferTheMoreSpecificRangeAndThenJsonOnATie() {
        assertEquals(Optional.of(JSON_LD), choose("application/ld+json, */*"));
        assertEquals(Optional.of(JSON), choose("application/json, application/ld+json"));
        assertEquals(Optional.of(JSON), choose("application/ld+json, application/json"));
    }

    @Test
    void shouldTakeTheQualityOfTheMostSpecificMatchingRange() {
        assertEquals(Optional.of(JSON_LD), choose("application/json;q=0, */*"));
        assertEquals(Optional.of(JSON), choose("*/*;q=0.1, application/json"));
        assertEquals(Optional.empty(), choose("application/json;q=0, application/ld+json;q=0, */*"));
    }

    @Test
    void shouldRefuseWhatAllowsNeither() {
        for (String accept : List.of("text/html", "application/xml", "application/json;q=0", "text/*, image/png",
                "application/problem+json")) {
            assertEquals(Optional.empty(), choose(accept), accept);
        }
    }

    @Test
    void shouldReadEveryAcceptLine() {
        assertEquals(Optional.of(JSON_LD), choose("text/html", "application/ld+json"));
    }

    @Test
    void shouldIgnoreEntriesThatAreNotMediaRanges() {
        assertEquals(Optional.of(JSON), choose("application/ld+json;q=2, application/json;q=0.1"));
        assertEquals(Optional.of(JSON), choose("application/ld+json;q=high, application/json;q=0.1"));
        assertEquals(Optional.empty(), choose("json, /ld+json, application/"));
    }
}
