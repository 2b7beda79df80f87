package dev.glossary.newsletter;

import static dev.glossary.support.TestUsers.asAdmin;
import static dev.glossary.support.TestUsers.asEditor;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glossary.support.Database;
import dev.glossary.support.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class NewsletterResourceTest {

    static final String NAME = "AI Economy Pulse";
    static final String TAGLINE = "Every Friday: the 3 AI data points that actually matter this week.";
    static final String SEED_TITLE = "AI Investment Hits $42B in Q1 2026 — Here's Where It Went";
    static final String PROBLEM = "application/problem+json";

    @Inject
    Database db;

    @Test
    void shouldDescribeTheNewsletter() {
        given().get("/newsletter").then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("name", equalTo(NAME))
                .body("tagline", equalTo(TAGLINE));
    }

    @Test
    void shouldShowTheNewestIssueAsLatestIssue() {
        // Published now: later than anything an earlier test published, and not in the future.
        long id = publish(Map.of("title", "Latest " + UUID.randomUUID()))
                .then().statusCode(201).extract().jsonPath().getLong("id");

        given().get("/newsletter").then()
                .statusCode(200)
                .body("latestIssue.id", equalTo((int) id))
                .body("latestIssue.status", equalTo("published"));
    }

    @Test
    void shouldSeedTheIssueOfTheGlossaryPage() {
        assertEquals(1, db.count("""
                SELECT count(*) FROM newsletter_issue
                WHERE title = ? AND published_at = '2026-04-03T09:00:00Z' AND summary IS NULL AND url IS NULL
                """, SEED_TITLE));
    }

    @Test
    void shouldListIssuesNewestFirstWithPageLinks() {
        publish(Map.of("title", "Paging " + UUID.randomUUID(), "publishedAt", "2020-01-01T00:00:00Z"))
                .then().statusCode(201);
        publish(Map.of("title", "Paging " + UUID.randomUUID(), "publishedAt", "2020-01-02T00:00:00Z"))
                .then().statusCode(201);

        Response response = given().queryParam("size", 2).get("/newsletter/issues");

        response.then().statusCode(200)
                .body("page", equalTo(0))
                .body("size", equalTo(2))
                .body("totalItems", greaterThanOrEqualTo(3))
                .header("Link", containsString("rel=\"next\""))
                .header("Link", containsString("rel=\"first\""));
        List<String> published = given().queryParam("size", 100).get("/newsletter/issues")
                .jsonPath().getList("items.publishedAt");
        for (int i = 1; i < published.size(); i++) {
            assertTrue(Instant.parse(published.get(i - 1)).compareTo(Instant.parse(published.get(i))) >= 0,
                    "issues are newest first");
        }
    }

    @Test
    void shouldRefuseAPageSizeOutOfRange() {
        given().queryParam("size", 101).get("/newsletter/issues").then()
                .statusCode(400).contentType(PROBLEM).body("errors.field", hasItem("size"));
    }

    @Test
    void shouldPublishAnIssueWithLocation() {
        String title = "Issue " + UUID.randomUUID();
        Response created = publish(Map.of("title", title, "summary", "Three numbers.",
                "url", "https://example.org/issues/7", "publishedAt", "2021-05-07T08:30:00Z"));

        created.then().statusCode(201)
                .body("title", equalTo(title))
                .body("summary", equalTo("Three numbers."))
                .body("url", equalTo("https://example.org/issues/7"))
                .body("publishedAt", equalTo("2021-05-07T08:30:00Z"));
        String location = created.header("Location");
        int id = created.jsonPath().getInt("id");
        assertTrue(location.endsWith("/newsletter/issues/" + id), location);
        given().get(location).then().statusCode(200).body("title", equalTo(title));
    }

    @Test
    void shouldLetAdminsPublishToo() {
        asAdmin().contentType(ContentType.JSON).body(Map.of("title", "By admin " + UUID.randomUUID()))
                .post("/newsletter/issues").then().statusCode(201);
    }

    @Test
    void shouldDefaultPublishedAtToNow() {
        Instant before = Instant.now().minusSeconds(2);
        String publishedAt = publish(Map.of("title", "Now " + UUID.randomUUID())).then()
                .statusCode(201)
                .body("summary", nullValue())
                .body("url", nullValue())
                .extract().jsonPath().getString("publishedAt");
        Instant published = Instant.parse(publishedAt);
        assertTrue(!published.isBefore(before) && published.isBefore(Instant.now().plus(Duration.ofSeconds(2))),
                publishedAt);
    }

    @Test
    void shouldRefuseABlankTitle() {
        publish(Map.of("title", "  ")).then()
                .statusCode(400).contentType(PROBLEM).body("errors.field", hasItem("title"));
    }

    @Test
    void shouldRefuseATitleOver200Characters() {
        publish(Map.of("title", "x".repeat(201))).then()
                .statusCode(400).contentType(PROBLEM).body("errors.field", hasItem("title"));
    }

    @Test
    void shouldRefuseAUrlThatIsNotHttp() {
        publish(Map.of("title", "Bad url", "url", "ftp://example.org/issue")).then()
                .statusCode(400).contentType(PROBLEM).body("errors.field", hasItem("url"));
    }

    @Test
    void shouldRefuseAnUnknownField() {
        publish(Map.of("title", "Unknown field", "author", "someone")).then()
                .statusCode(400).contentType(PROBLEM).body("detail", containsString("author"));
    }

    @Test
    void shouldRefuseAMalformedPublishedAt() {
        publish(Map.of("title", "Bad date", "publishedAt", "last friday")).then()
                .statusCode(400).contentType(PROBLEM).body("detail", containsString("publishedAt"));
    }

    @Test
    void shouldRefuseMalformedJson() {
        asEditor().contentType(ContentType.JSON).body("{\"title\": ").post("/newsletter/issues").then()
                .statusCode(400).contentType(PROBLEM);
    }

    @Test
    void shouldAskAnonymousPublishersForCredentials() {
        given().contentType(ContentType.JSON).body(Map.of("title", "Anonymous")).post("/newsletter/issues").then()
                .statusCode(401).contentType(PROBLEM).header("WWW-Authenticate", containsString("Basic"));
    }

    @Test
    void shouldAnswer404ForAnUnknownIssue() {
        given().get("/newsletter/issues/not-a-number").then().statusCode(404).contentType(PROBLEM);
        given().get("/newsletter/issues/" + Long.MAX_VALUE).then().statusCode(404).contentType(PROBLEM)
                .body("instance", endsWith(String.valueOf(Long.MAX_VALUE)));
    }

    private static Response publish(Map<String, ?> body) {
        return asEditor().contentType(ContentType.JSON).body(body).post("/newsletter/issues");
    }
}
