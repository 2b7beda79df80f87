package dev.glossary.newsletter;

import static dev.glossary.newsletter.Issues.PROBLEM;
import static dev.glossary.newsletter.Issues.create;
import static dev.glossary.newsletter.Issues.dataPoint;
import static dev.glossary.newsletter.Issues.draft;
import static dev.glossary.newsletter.Issues.draftBody;
import static dev.glossary.newsletter.Issues.edit;
import static dev.glossary.newsletter.Issues.threeDataPoints;
import static dev.glossary.support.ApiTokens.asToken;
import static dev.glossary.support.TestUsers.asAdmin;
import static dev.glossary.support.TestUsers.asEditor;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.glossary.support.ApiTokens;
import dev.glossary.support.Database;
import dev.glossary.support.TermFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IssueDraftsTest {

    @Inject
    Database db;

    @Test
    void shouldCreateADraftWithItsDataPoints() {
        String slug = TermFixtures.createTerm(TermFixtures.uniqueName("Drafted"));
        String title = "Draft " + UUID.randomUUID();

        create(draftBody(title, List.of(dataPoint("$42B", slug)))).then().statusCode(201)
                .body("status", equalTo("draft"))
                .body("publishedAt", nullValue())
                .body("sendAt", nullValue())
                .body("dataPoints", hasSize(1))
                .body("dataPoints[0].value", equalTo("$42B"))
                .body("dataPoints[0].label", equalTo("Label of $42B"))
                .body("dataPoints[0].termSlugs", equalTo(List.of(slug)));
    }

    @Test
    void shouldPublishAtOnceWithoutStatusAsInV1() {
        create(Map.of("title", "Published " + UUID.randomUUID())).then().statusCode(201)
                .body("status", equalTo("published"))
                .body("publishedAt", notNullValue())
                .body("dataPoints", hasSize(0));
    }

    @Test
    void shouldHideADraftFromThePublicButShowItToEditors() {
        long id = draft(threeDataPoints());

        given().get("/newsletter/issues/" + id).then().statusCode(404).contentType(PROBLEM);
        asEditor().get("/newsletter/issues/" + id).then().statusCode(200)
                .header("ETag", notNullValue())
                .body("status", equalTo("draft"))
                .body("dataPoints", hasSize(3));
    }

    @Test
    void shouldLetANewsletterTokenSeeAndScheduleADraft() {
        long id = draft(threeDataPoints());
        String secret = ApiTokens.create("newsletter:write").secret();

        asToken(secret).get("/newsletter/issues/" + id).then().statusCode(200).body("status", equalTo("draft"));
        asToken(secret).contentType(ContentType.JSON).body(Map.of()).post("/newsletter/issues/" + id + "/schedule")
                .then().statusCode(200).body("status", equalTo("scheduled"));
    }

    @Test
    void shouldRefuseATermsTokenOnADraft() {
        long id = draft(threeDataPoints());
        asToken(ApiTokens.create("terms:write").secret()).contentType(ContentType.JSON).body(Map.of())
                .post("/newsletter/issues/" + id + "/schedule").then().statusCode(403).contentType(PROBLEM);
    }

    @Test
    void shouldHideAnIssueDatedInTheFutureFromThePublic() {
        long id = create(Map.of("title", "Future " + UUID.randomUUID(), "publishedAt", "2999-01-01T00:00:00Z"))
                .then().statusCode(201).extract().jsonPath().getLong("id");

        given().get("/newsletter/issues/" + id).then().statusCode(404);
        given().queryParam("size", 100).get("/newsletter/issues").then().statusCode(200)
                .body("items.id", not(hasItem((int) id)));
        given().get("/newsletter").then().statusCode(200).body("latestIssue.id", not(equalTo((int) id)));
    }

    @Test
    void shouldAnswer401ToWrongCredentialsOnAnIssue() {
        long id = draft(List.of());

        given().auth().preemptive().basic(dev.glossary.support.TestUsers.EDITOR, "wrong password")
                .get("/newsletter/issues/" + id).then().statusCode(401).contentType(PROBLEM);
    }

    @Test
    void shouldListDraftsToEditorsWhoAskForThem() {
        long id = draft(List.of());

        asEditor().queryParam("status", "draft").queryParam("size", 100).get("/newsletter/issues").then()
                .statusCode(200)
                .header("Cache-Control", containsString("private"))
                .body("items.id", hasItem((int) id))
                .body("items.status", everyItem(equalTo("draft")));
    }

    @Test
    void shouldKeepDraftsOutOfThePublicList() {
        long id = draft(List.of());

        given().queryParam("size", 100).get("/newsletter/issues").then().statusCode(200)
                .body("items.id", not(hasItem((int) id)))
                .body("items.status", everyItem(org.hamcrest.Matchers.oneOf("published", "sent")));
    }

    @Test
    void shouldAskThePublicForCredentialsWhenItAsksForDrafts() {
        given().queryParam("status", "draft").get("/newsletter/issues").then()
                .statusCode(401).contentType(PROBLEM).header("WWW-Authenticate", containsString("Basic"));
    }

    @Test
    void shouldLetThePublicFilterByAPublicStatus() {
        given().queryParam("status", "published").queryParam("size", 100).get("/newsletter/issues").then()
                .statusCode(200).body("items.status", everyItem(equalTo("published")));
    }

    @Test
    void shouldRefuseAnUnknownStatusFilter() {
        asEditor().queryParam("status", "archived").get("/newsletter/issues").then()
                .statusCode(400).contentType(PROBLEM).body("errors.field", hasItem("status"));
    }

    @Test
    void shouldEditADraftWithTheETagItWasReadWith() {
        long id = draft(List.of(dataPoint("1")));
        String etag = asEditor().get("/newsletter/issues/" + id).then().statusCode(200).extract().header("ETag");

        asEditor().contentType(ContentType.JSON).header("If-Match", etag)
                .body(Map.of("title", "Edited", "dataPoints", threeDataPoints()))
                .put("/newsletter/issues/" + id).then().statusCode(200)
                .header("ETag", not(equalTo(etag)))
                .body("title", equalTo("Edited"))
                .body("status", equalTo("draft"))
                .body("dataPoints", hasSize(3));
    }

    @Test
    void shouldRefuseAnEditWithAStaleETag() {
        long id = draft(List.of());
        String etag = asEditor().get("/newsletter/issues/" + id).then().extract().header("ETag");
        edit(id, Map.of("title", "First edit")).then().statusCode(200);

        asEditor().contentType(ContentType.JSON).header("If-Match", etag).body(Map.of("title", "Second edit"))
                .put("/newsletter/issues/" + id).then().statusCode(412).contentType(PROBLEM);
    }

    @Test
    void shouldRefuseToEditAPublishedIssue() {
        long id = create(Map.of("title", "Done " + UUID.randomUUID())).then().extract().jsonPath().getLong("id");

        edit(id, Map.of("title", "Too late")).then().statusCode(409).contentType(PROBLEM);
    }

    @Test
    void shouldAnswer404ForEditingAnUnknownIssue() {
        edit(Long.MAX_VALUE, Map.of("title", "Nobody")).then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void shouldAskAnonymousEditorsForCredentials() {
        long id = draft(List.of());
        given().contentType(ContentType.JSON).body(Map.of("title", "Anonymous")).put("/newsletter/issues/" + id)
                .then().statusCode(401).contentType(PROBLEM);
    }

    @Test
    void shouldAnnounceAnIssueAsPublishedWhenItIsSentNotWhenDrafted() {
        String endpoint = asAdmin().contentType(ContentType.JSON)
                .body(Map.of("url", "http://127.0.0.1:9/hook", "events", List.of("newsletter.issue.published")))
                .post("/webhooks").then().statusCode(201).extract().path("id").toString();
        try {
            long id = draft(threeDataPoints());
            assertEquals(0, db.count("SELECT count(*) FROM webhook_event WHERE issue_id = ?", id));

            asEditor().post("/newsletter/issues/" + id + "/send").then().statusCode(202);

            assertEquals(1, db.count("SELECT count(*) FROM webhook_event WHERE issue_id = ?", id));
        } finally {
            asAdmin().delete("/webhooks/" + endpoint).then().statusCode(204);
        }
    }

    @Test
    void shouldRefuseAPublishedAtOnADraft() {
        Map<String, Object> body = draftBody("Dated draft", List.of());
        body.put("publishedAt", Instant.now().toString());
        create(body).then().statusCode(400).contentType(PROBLEM).body("errors.field", hasItem("publishedAt"));
    }

    @Test
    void shouldRefuseAnUnknownStatusOnCreation() {
        Map<String, Object> body = draftBody("Odd status", List.of());
        body.put("status", "sent");
        create(body).then().statusCode(400).contentType(PROBLEM).body("errors.field", hasItem("status"));
    }
}
