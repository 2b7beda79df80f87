package dev.glossary.term.history;

import static dev.glossary.support.TermFixtures.body;
import static dev.glossary.support.TermFixtures.createTerm;
import static dev.glossary.support.TermFixtures.uniqueName;
import static dev.glossary.support.TestUsers.asEditor;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.glossary.security.AppUser;
import dev.glossary.support.TestUsers;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TermRevisionResourceTest {

    private static final String UUID_PATTERN = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

    private static ExtractableResponse<Response> fetch(String slug) {
        return given().get("/terms/" + slug).then().statusCode(200).extract();
    }

    private static ExtractableResponse<Response> put(String slug, Map<String, Object> body) {
        return asEditor().contentType(ContentType.JSON).body(body).put("/terms/" + slug).then().statusCode(200).extract();
    }

    @Test
    void shouldStartAtRevisionOneWithAnImmutableId() {
        String name = uniqueName("Revision Start");
        String slug = createTerm(name);
        ExtractableResponse<Response> created = fetch(slug);
        assertEquals(1, (int) created.path("revision"));
        String id = created.path("id");
        org.hamcrest.MatcherAssert.assertThat(id, matchesPattern(UUID_PATTERN));

        Map<String, Object> renamed = body(name, "Short definition of " + name);
        renamed.put("slug", slug + "-renamed");
        put(slug, renamed);
        assertEquals(id, fetch(slug + "-renamed").path("id"));
    }

    @Test
    void shouldRaiseTheRevisionAndETagTogetherOnAnUpdate() {
        String name = uniqueName("Revision Update");
        String slug = createTerm(name);
        String etag = fetch(slug).header("ETag");

        ExtractableResponse<Response> updated = put(slug, body(name, "A new definition."));

        assertEquals(2, (int) updated.path("revision"));
        assertNotEquals(etag, updated.header("ETag"));
        assertEquals(updated.header("ETag"), fetch(slug).header("ETag"));
    }

    @Test
    void shouldKeepRevisionAndETagWhenAPutChangesNothing() {
        String name = uniqueName("Revision Same");
        String slug = createTerm(name, "fine-tuning");
        Map<String, Object> same = body(name, "Short definition of " + name);
        same.put("relatedSlugs", List.of("fine-tuning"));
        String etag = fetch(slug).header("ETag");

        ExtractableResponse<Response> replaced = put(slug, same);

        assertEquals(1, (int) replaced.path("revision"));
        assertEquals(etag, replaced.header("ETag"));
    }

    @Test
    void shouldRaiseTheRevisionWhenARelatedTermIsRenamed() {
        String neighbour = createTerm(uniqueName("Revision Neighbour"));
        String otherName = uniqueName("Revision Renamed");
        String other = createTerm(otherName, neighbour);
        ExtractableResponse<Response> before = fetch(neighbour);
        int revision = before.path("revision");

        Map<String, Object> renamed = body(otherName, "Short definition of " + otherName);
        renamed.put("slug", other + "-new");
        renamed.put("relatedSlugs", List.of(neighbour));
        put(other, renamed);

        ExtractableResponse<Response> after = fetch(neighbour);
        assertEquals(revision + 1, (int) after.path("revision"));
        assertNotEquals(before.header("ETag"), after.header("ETag"));
        assertEquals(List.of(other + "-new"), after.path("relatedTerms.slug"));
    }

    @Test
    void shouldListRevisionsNewestFirstWithAuthorAndFields() {
        String name = uniqueName("Revision History");
        String slug = createTerm(name);
        put(slug, body(name, "Second definition."));

        given().get("/terms/" + slug + "/revisions").then().statusCode(200)
                .body("items.revision", contains(2, 1))
                .body("items[0].author", equalTo(TestUsers.EDITOR))
                .body("items[0].fields", contains("shortDefinition"))
                .body("items[0].at", notNullValue())
                .body("items[1].fields", contains("slug", "name", "shortDefinition", "description", "exploreUrl",
                        "aliases", "relatedTerms"))
                .body("nextCursor", nullValue());
    }

    @Test
    void shouldPageLongHistoriesWithASignedCursor() {
        String name = uniqueName("Revision Pages");
        String slug = createTerm(name);
        for (int i = 0; i < TermRevisions.PAGE_SIZE; i++) {
            put(slug, body(name, "Definition " + i));
        }
        String cursor = given().get("/terms/" + slug + "/revisions").then().statusCode(200)
                .body("items.size()", equalTo(TermRevisions.PAGE_SIZE))
                .body("items[0].revision", equalTo(TermRevisions.PAGE_SIZE + 1))
                .extract().path("nextCursor");

        given().queryParam("cursor", cursor).get("/terms/" + slug + "/revisions").then().statusCode(200)
                .body("items.revision", contains(1)).body("nextCursor", nullValue());
        given().queryParam("cursor", cursor + "x").get("/terms/" + slug + "/revisions").then().statusCode(400);
    }

    @Test
    void shouldAnswerARevisionExactlyAsItWasServed() {
        String name = uniqueName("Revision Exact");
        String slug = createTerm(name);
        String first = fetch(slug).asString();
        put(slug, body(name, "Changed."));

        String answered = given().get("/terms/" + slug + "/revisions/1").then().statusCode(200)
                .contentType(ContentType.JSON).extract().asString();

        assertEquals(first, answered);
    }

    @Test
    void shouldRestoreARevisionAsANewOne() {
        String name = uniqueName("Revision Restore");
        String slug = createTerm(name, "fine-tuning");
        Map<String, Object> changed = body(name + " changed", "Changed.");
        changed.put("description", "Some text.");
        put(slug, changed);

        asEditor().post("/terms/" + slug + "/revisions/1/restore").then().statusCode(200)
                .header("ETag", notNullValue())
                .body("revision", equalTo(3))
                .body("name", equalTo(name))
                .body("shortDefinition", equalTo("Short definition of " + name))
                .body("description", equalTo(""))
                .body("relatedTerms.slug", contains("fine-tuning"));
        assertEquals(3, (int) fetch(slug).path("revision"));
        given().get("/terms/" + slug + "/revisions").then().body("items[0].revision", equalTo(3));
    }

    @Test
    void shouldRefuseARestoreWhoseNameIsTakenNow() {
        String name = uniqueName("Revision Taken");
        String slug = createTerm(name);
        put(slug, body(name + " moved", "Moved."));
        Map<String, Object> taker = body(name, "Took the name.");
        taker.put("slug", slug + "-taker");
        createTerm(taker);

        asEditor().post("/terms/" + slug + "/revisions/1/restore").then().statusCode(409)
                .contentType("application/problem+json");
    }

    @Test
    void shouldRedirectAnAliasOnEveryRevisionPath() {
        String name = uniqueName("Revision Alias");
        String slug = createTerm(name);
        Map<String, Object> renamed = body(name, "Short definition of " + name);
        renamed.put("slug", slug + "-now");
        put(slug, renamed);

        given().redirects().follow(false).get("/terms/" + slug + "/revisions").then().statusCode(301)
                .header("Location", org.hamcrest.Matchers.endsWith("/terms/" + slug + "-now/revisions"));
        given().redirects().follow(false).get("/terms/" + slug + "/revisions/1").then().statusCode(301)
                .header("Location", org.hamcrest.Matchers.endsWith("/terms/" + slug + "-now/revisions/1"));
        asEditor().redirects().follow(false).post("/terms/" + slug + "/revisions/1/restore").then().statusCode(301)
                .header("Location", org.hamcrest.Matchers.endsWith("/terms/" + slug + "-now/revisions/1/restore"));
    }

    @Test
    void shouldAnswer404ForAnUnknownTermOrRevision() {
        String slug = createTerm(uniqueName("Revision Unknown"));

        given().get("/terms/" + slug + "/revisions/2").then().statusCode(404).contentType("application/problem+json");
        given().get("/terms/" + slug + "/revisions/0").then().statusCode(404);
        given().get("/terms/no-such-term-anywhere/revisions").then().statusCode(404);
        asEditor().post("/terms/" + slug + "/revisions/9/restore").then().statusCode(404);
    }

    @Test
    void shouldRequireAnEditorToRestore() {
        String slug = createTerm(uniqueName("Revision Guarded"));
        String reader = "reader-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        QuarkusTransaction.requiringNew().run(() -> AppUser.create(reader, TestUsers.PASSWORD, "reader").persist());

        given().post("/terms/" + slug + "/revisions/1/restore").then().statusCode(401);
        given().auth().preemptive().basic(reader, TestUsers.PASSWORD)
                .post("/terms/" + slug + "/revisions/1/restore").then().statusCode(403);
    }
}
