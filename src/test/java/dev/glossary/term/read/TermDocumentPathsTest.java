package dev.glossary.term.read;

import static dev.glossary.support.TermFixtures.body;
import static dev.glossary.support.TermFixtures.createTerm;
import static dev.glossary.support.TermFixtures.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.glossary.term.SlugLookup;
import dev.glossary.term.TermDocument;
import dev.glossary.term.read.TermReadCache.DocumentKey;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * GET /terms/{slug} has three paths: from memory on the I/O thread, from the ready document over the
 * reactive client, and the REST resource (HEAD, an Accept that neither JSON nor JSON-LD satisfies,
 * errors). A client must not be able to tell which one answered, in either representation.
 */
@QuarkusTest
class TermDocumentPathsTest {

    private static final List<String> HEADERS = List.of("ETag", "Cache-Control", "Content-Type", "Content-Length", "Vary");
    /** Shared caches must key every answer on Origin (CORS headers) and Accept (negotiation). */
    private static final String VARY = "Origin, Accept";
    private static final String LD = "application/ld+json";

    @Inject
    TermReadCache cache;

    @Inject
    TermReads reads;

    @Test
    void shouldAnswerTheSameFromTheDatabaseAndFromMemory() {
        String slug = createTerm(uniqueName("Paths"));
        assertNull(cache.peek(new DocumentKey(slug, TermRepresentation.JSON)));
        Response fromDatabase = given().get("/terms/" + slug);
        Response fromMemory = given().get("/terms/" + slug);
        assertNotNull(cache.peek(new DocumentKey(slug, TermRepresentation.JSON)), "the first read was not kept");

        assertEquals(200, fromDatabase.statusCode());
        assertEquals(200, fromMemory.statusCode());
        assertEquals(VARY, fromDatabase.header("Vary"));
        assertArrayEquals(fromDatabase.asByteArray(), fromMemory.asByteArray());
        HEADERS.forEach(header -> assertEquals(fromDatabase.header(header), fromMemory.header(header), header));
    }

    @Test
    void shouldAnswerJsonLdTheSameFromTheDatabaseFromMemoryAndToHead() {
        String slug = createTerm(uniqueName("Paths ld"));
        DocumentKey key = new DocumentKey(slug, TermRepresentation.JSON_LD);
        assertNull(cache.peek(key));
        Response fromDatabase = given().accept(LD).get("/terms/" + slug);
        SlugLookup<TermDocument> kept = cache.peek(key);
        assertNotNull(kept, "the first read was not kept");
        Response fromMemory = given().accept(LD).get("/terms/" + slug);
        Response head = given().accept(LD).head("/terms/" + slug);

        assertEquals(200, fromDatabase.statusCode());
        assertEquals(200, fromMemory.statusCode());
        assertEquals(200, head.statusCode());
        assertEquals(LD, fromDatabase.header("Content-Type"));
        assertArrayEquals(fromDatabase.asByteArray(), fromMemory.asByteArray());
        HEADERS.forEach(header -> assertEquals(fromDatabase.header(header), fromMemory.header(header), header));
        HEADERS.forEach(header -> assertEquals(fromDatabase.header(header), head.header(header), header));

        // A load of its own (rendered again) gives the same bytes the first one served.
        cache.invalidate(List.of(slug));
        TermDocument reloaded = ((SlugLookup.Found<TermDocument>) reads.document(slug, TermRepresentation.JSON_LD, true).toCompletableFuture().join()).value();
        assertArrayEquals(fromDatabase.asByteArray(), reloaded.json());
        assertEquals(fromDatabase.header("ETag"), reloaded.etag());
    }

    @Test
    void shouldAnswerHeadWithTheHeadersOfGet() {
        String slug = createTerm(uniqueName("Head"));
        Response get = given().get("/terms/" + slug);
        Response head = given().head("/terms/" + slug);
        assertEquals(200, head.statusCode());
        HEADERS.forEach(header -> assertEquals(get.header(header), head.header(header), header));
        assertEquals(0, head.asByteArray().length);
    }

    @Test
    void shouldRedirectAnAliasTheSameWayOnEveryPath() {
        String alias = "paths-alias-" + System.nanoTime();
        Map<String, Object> body = body(uniqueName("Aliased"), "Has an alias");
        body.put("aliases", List.of(alias));
        String slug = createTerm(body);
        for (int read = 0; read < 2; read++) {
            given().redirects().follow(false).get("/terms/" + alias).then().statusCode(301)
                    .header("Location", "/terms/" + slug).header("Cache-Control", "public, max-age=60, stale-if-error=86400")
                    .header("Vary", VARY);
        }
        given().redirects().follow(false).head("/terms/" + alias).then().statusCode(301)
                .header("Location", "/terms/" + slug).header("Cache-Control", "public, max-age=60, stale-if-error=86400");
    }

    @Test
    void shouldAnswerNotModifiedFromTheDatabaseAndFromMemory() {
        String slug = createTerm(uniqueName("Revalidated"));
        String etag = given().head("/terms/" + slug).header("ETag");
        for (int read = 0; read < 2; read++) {
            given().header("If-None-Match", etag).get("/terms/" + slug).then().statusCode(304)
                    .header("ETag", etag).header("Cache-Control", "public, max-age=60, stale-if-error=86400").header("Vary", VARY);
        }
    }

    @Test
    void shouldServeJsonToAWildcardAccept() {
        String slug = createTerm(uniqueName("Wildcard"));
        for (String accept : List.of("*/*", "application/*", "text/html;q=0.9, application/json;q=0.8")) {
            given().accept(accept).get("/terms/" + slug).then().statusCode(200).contentType(ContentType.JSON);
        }
    }

    @Test
    void shouldRefuseAnAcceptThatJsonDoesNotSatisfyEvenFromMemory() {
        String slug = createTerm(uniqueName("Refused"));
        given().get("/terms/" + slug).then().statusCode(200); // now in memory
        given().accept("text/html").get("/terms/" + slug).then().statusCode(406)
                .contentType("application/problem+json").body("status", equalTo(406)).header("Vary", VARY);
    }

    @Test
    void shouldAnswerAnUnknownSlugWithAProblemOnEveryPath() {
        for (String slug : List.of("no-such-term-" + System.nanoTime(), "Not%20A%20Slug")) {
            given().urlEncodingEnabled(false).get("/terms/" + slug).then().statusCode(404)
                    .contentType("application/problem+json");
        }
    }
}
