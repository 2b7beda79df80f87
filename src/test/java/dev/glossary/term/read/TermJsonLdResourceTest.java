package dev.glossary.term.read;

import static dev.glossary.support.TermFixtures.body;
import static dev.glossary.support.TermFixtures.createTerm;
import static dev.glossary.support.TermFixtures.uniqueName;
import static dev.glossary.support.TestUsers.asEditor;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GET /terms/{slug} as schema.org JSON-LD (API.md "JSON-LD for partners' pages"), next to the JSON default. */
@QuarkusTest
class TermJsonLdResourceTest {

    private static final String LD = "application/ld+json";
    private static final String JSON = "application/json";
    private static final String BASE = "http://localhost:8080"; // %test.glossary.public-base-url

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The body's fields in the order sent. */
    private static Map<String, Object> fields(Response response) {
        try {
            return MAPPER.readValue(response.asByteArray(), new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String createAliased(String alias) {
        Map<String, Object> term = body(uniqueName("Linked"), "Described for partners");
        term.put("aliases", List.of(alias));
        return createTerm(term);
    }

    @Test
    void shouldAnswerADefinedTermWithExactlyTheContractsFields() {
        String alias = "ld-alias-" + System.nanoTime();
        String slug = createAliased(alias);
        String name = given().get("/terms/" + slug).then().extract().path("name");
        for (int read = 0; read < 2; read++) { // from the database, then from memory
            Map<String, Object> fields = fields(given().accept(LD).get("/terms/" + slug).then().statusCode(200)
                    .header("Content-Type", LD).extract().response());
            assertEquals(Map.of("@context", "https://schema.org", "@type", "DefinedTerm",
                    "@id", BASE + "/terms/" + slug, "url", BASE + "/terms/" + slug, "name", name,
                    "description", "Described for partners", "termCode", slug, "alternateName", List.of(alias),
                    "inDefinedTermSet", BASE + "/terms"), fields);
        }
    }

    @Test
    void shouldLeaveOutAlternateNameWhenTheTermHasNoAliases() {
        String slug = createTerm(uniqueName("Unaliased"));
        Map<String, Object> fields = fields(given().accept(LD).get("/terms/" + slug).then().statusCode(200).extract().response());
        assertEquals(List.of("@context", "@type", "@id", "url", "name", "description", "termCode", "inDefinedTermSet"),
                List.copyOf(fields.keySet()));
    }

    @Test
    void shouldServeJsonByDefault() {
        String slug = createTerm(uniqueName("Default"));
        given().get("/terms/" + slug).then().statusCode(200).header("Content-Type", JSON).body("slug", equalTo(slug));
        for (String accept : List.of("*/*", JSON, "application/*")) {
            given().accept(accept).get("/terms/" + slug).then().statusCode(200).header("Content-Type", JSON)
                    .body("slug", equalTo(slug));
        }
    }

    @Test
    void shouldHonourQualityValues() {
        String slug = createTerm(uniqueName("Weighed"));
        given().accept("application/ld+json;q=0.9, application/json").get("/terms/" + slug).then().statusCode(200)
                .header("Content-Type", JSON);
        given().accept("application/json;q=0.5, application/ld+json").get("/terms/" + slug).then().statusCode(200)
                .header("Content-Type", LD);
        given().accept("application/json;q=0, */*").get("/terms/" + slug).then().statusCode(200)
                .header("Content-Type", LD);
    }

    @Test
    void shouldRefuseAnAcceptThatAllowsNeitherWithAProblem() {
        String slug = createTerm(uniqueName("Unacceptable"));
        given().get("/terms/" + slug).then().statusCode(200); // in memory: the refusal must not depend on it
        for (String accept : List.of("text/html", "application/xml", "application/json;q=0")) {
            given().accept(accept).get("/terms/" + slug).then().statusCode(406)
                    .header("Content-Type", "application/problem+json").header("Vary", "Origin, Accept")
                    .body("type", equalTo("https://glossary.example/problems/not-acceptable"))
                    .body("detail", equalTo("This term is available as application/json or application/ld+json"));
        }
    }

    @Test
    void shouldGiveEachRepresentationItsOwnETag() {
        String slug = createTerm(uniqueName("Tagged"));
        String jsonTag = given().get("/terms/" + slug).then().statusCode(200).header("Vary", "Origin, Accept")
                .extract().header("ETag");
        String ldTag = given().accept(LD).get("/terms/" + slug).then().statusCode(200).header("Vary", "Origin, Accept")
                .extract().header("ETag");
        assertNotEquals(jsonTag, ldTag);
    }

    @Test
    void shouldRevalidateEachRepresentationWithItsOwnETagOnly() {
        String slug = createTerm(uniqueName("Revalidated ld"));
        String jsonTag = given().get("/terms/" + slug).then().extract().header("ETag");
        String ldTag = given().accept(LD).get("/terms/" + slug).then().extract().header("ETag");
        for (int read = 0; read < 2; read++) {
            given().accept(LD).header("If-None-Match", ldTag).get("/terms/" + slug).then().statusCode(304)
                    .header("ETag", ldTag).header("Vary", "Origin, Accept");
            given().accept(LD).header("If-None-Match", jsonTag).get("/terms/" + slug).then().statusCode(200)
                    .header("Content-Type", LD).header("ETag", ldTag);
            given().header("If-None-Match", ldTag).get("/terms/" + slug).then().statusCode(200)
                    .header("Content-Type", JSON).header("ETag", jsonTag);
        }
    }

    @Test
    void shouldRedirectAnAliasWhenJsonLdIsAskedFor() {
        String alias = "ld-moved-" + System.nanoTime();
        String slug = createAliased(alias);
        for (int read = 0; read < 2; read++) {
            given().accept(LD).redirects().follow(false).get("/terms/" + alias).then().statusCode(301)
                    .header("Location", "/terms/" + slug).header("Vary", "Origin, Accept");
        }
        given().accept(LD).redirects().follow(false).head("/terms/" + alias).then().statusCode(301)
                .header("Location", "/terms/" + slug);
        Response followed = given().accept(LD).get("/terms/" + alias).then().statusCode(200)
                .header("Content-Type", LD).extract().response();
        assertEquals(slug, fields(followed).get("termCode"));
    }

    @Test
    void shouldShowAReplacedTermInJsonLdAtOnce() {
        String name = uniqueName("Rewritten");
        String slug = createTerm(body(name, "Before"));
        Response before = given().accept(LD).get("/terms/" + slug);
        assertEquals("Before", fields(before).get("description"));
        asEditor().contentType(ContentType.JSON).body(body(name, "After")).put("/terms/" + slug).then().statusCode(200);
        Response after = given().accept(LD).get("/terms/" + slug);
        assertEquals("After", fields(after).get("description"));
        assertNotEquals(before.header("ETag"), after.header("ETag"));
    }

    @Test
    void shouldAnswerHeadForJsonLdWithTheHeadersOfGet() {
        String slug = createTerm(uniqueName("Head ld"));
        Response get = given().accept(LD).get("/terms/" + slug);
        Response head = given().accept(LD).head("/terms/" + slug);
        assertEquals(200, head.statusCode());
        for (String header : List.of("ETag", "Cache-Control", "Content-Type", "Content-Length", "Vary")) {
            assertEquals(get.header(header), head.header(header), header);
        }
        assertEquals(String.valueOf(get.asByteArray().length), head.header("Content-Length"));
    }
}
