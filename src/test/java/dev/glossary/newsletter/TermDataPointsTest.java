package dev.glossary.newsletter;

import static dev.glossary.newsletter.Issues.PROBLEM;
import static dev.glossary.newsletter.Issues.create;
import static dev.glossary.newsletter.Issues.dataPoint;
import static dev.glossary.newsletter.Issues.draft;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.glossary.support.TermFixtures;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TermDataPointsTest {

    @Test
    void shouldListPublishedDataPointsAboutATermNewestFirst() {
        String slug = TermFixtures.createTerm(TermFixtures.uniqueName("Listed"));
        long older = published("2024-01-05T09:00:00Z", dataPoint("older", slug));
        long newer = published("2024-02-02T09:00:00Z", dataPoint("newer", slug), dataPoint("unrelated"));

        given().get("/terms/" + slug + "/data-points").then().statusCode(200)
                .header("Cache-Control", equalTo("public, max-age=300"))
                .header("ETag", notNullValue())
                .body("items", hasSize(2))
                .body("items[0].issueId", equalTo((int) newer))
                .body("items[0].value", equalTo("newer"))
                .body("items[0].publishedAt", equalTo("2024-02-02T09:00:00Z"))
                .body("items[0].sourceUrl", notNullValue())
                .body("items[1].issueId", equalTo((int) older))
                .body("nextCursor", nullValue());
    }

    @Test
    void shouldAnswer304ToAMatchingIfNoneMatch() {
        String slug = TermFixtures.createTerm(TermFixtures.uniqueName("Revalidated"));
        published("2024-03-01T09:00:00Z", dataPoint("cached", slug));
        String etag = given().get("/terms/" + slug + "/data-points").then().statusCode(200).extract().header("ETag");

        given().header("If-None-Match", etag).get("/terms/" + slug + "/data-points").then().statusCode(304);
    }

    @Test
    void shouldLeaveOutDraftsAndFutureIssues() {
        String slug = TermFixtures.createTerm(TermFixtures.uniqueName("Hidden"));
        draft(List.of(dataPoint("draft", slug)));
        published("2999-01-01T09:00:00Z", dataPoint("future", slug));

        given().get("/terms/" + slug + "/data-points").then().statusCode(200).body("items", hasSize(0));
    }

    @Test
    void shouldWalkAllDataPointsWithTheCursor() {
        String slug = TermFixtures.createTerm(TermFixtures.uniqueName("Walked"));
        for (int day = 1; day <= 8; day++) {
            published("2023-03-%02dT09:00:00Z".formatted(day), dataPoint("a" + day, slug), dataPoint("b" + day, slug),
                    dataPoint("c" + day, slug));
        }
        List<String> values = new ArrayList<>();
        String cursor = null;
        do {
            var page = given().queryParam("cursor", cursor == null ? "" : cursor).get("/terms/" + slug + "/data-points")
                    .then().statusCode(200).extract().jsonPath();
            values.addAll(page.getList("items.value"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);

        assertEquals(24, values.size());
        assertEquals(List.of("a8", "b8", "c8", "a7"), values.subList(0, 4));
        assertEquals("c1", values.get(23));
    }

    @Test
    void shouldRefuseACursorOfAnotherTerm() {
        String slug = TermFixtures.createTerm(TermFixtures.uniqueName("Other"));
        given().queryParam("cursor", "bm90LWEtY3Vyc29y.c2ln").get("/terms/" + slug + "/data-points").then()
                .statusCode(400).contentType(PROBLEM).body("errors.field", org.hamcrest.Matchers.hasItem("cursor"));
    }

    @Test
    void shouldRedirectAnAlias() {
        String name = TermFixtures.uniqueName("Aliased points");
        Map<String, Object> body = new HashMap<>(TermFixtures.body(name, "Short"));
        String alias = "points-" + UUID.randomUUID().toString().substring(0, 8);
        body.put("aliases", List.of(alias));
        String slug = TermFixtures.createTerm(body);

        given().redirects().follow(false).get("/terms/" + alias + "/data-points").then().statusCode(301)
                .header("Location", endsWith("/terms/" + slug + "/data-points"));
    }

    @Test
    void shouldAnswer404ForAnUnknownTerm() {
        given().get("/terms/no-such-term-" + UUID.randomUUID() + "/data-points").then().statusCode(404)
                .contentType(PROBLEM).body("detail", containsString("no-such-term"));
    }

    @SafeVarargs
    private static long published(String publishedAt, Map<String, Object>... points) {
        return create(Map.of("title", "Issue " + UUID.randomUUID(), "publishedAt", publishedAt, "dataPoints", List.of(points)))
                .then().statusCode(201).extract().jsonPath().getLong("id");
    }
}
