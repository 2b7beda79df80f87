package dev.glossary.newsletter;

import static dev.glossary.newsletter.Issues.PROBLEM;
import static dev.glossary.newsletter.Issues.create;
import static dev.glossary.newsletter.Issues.dataPoint;
import static dev.glossary.newsletter.Issues.draft;
import static dev.glossary.newsletter.Issues.draftBody;
import static dev.glossary.newsletter.Issues.threeDataPoints;
import static dev.glossary.support.TestUsers.asEditor;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import dev.glossary.support.TermFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DataPointsTest {

    @Test
    void shouldRefuseAFourthDataPoint() {
        List<Map<String, Object>> four = threeDataPoints();
        four.add(dataPoint("4th"));
        create(draftBody("Four", four)).then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItem("dataPoints"));
    }

    @Test
    void shouldRefuseASourceThatIsNotHttp() {
        Map<String, Object> point = dataPoint("ftp");
        point.put("sourceUrl", "ftp://example.org/report.pdf");
        create(draftBody("Ftp source", List.of(point))).then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItem(containsString("sourceUrl")));
    }

    @Test
    void shouldRefuseAnUnknownTermSlug() {
        create(draftBody("Unknown term", List.of(dataPoint("1", "no-such-term-anywhere")))).then()
                .statusCode(422).contentType(PROBLEM).body("detail", containsString("no-such-term-anywhere"));
    }

    @Test
    void shouldRefuseAValueOver40Characters() {
        create(draftBody("Long value", List.of(dataPoint("x".repeat(41))))).then().statusCode(400)
                .contentType(PROBLEM).body("errors.field", hasItem(containsString("value")));
    }

    @Test
    void shouldRefuseABlankLabel() {
        Map<String, Object> point = dataPoint("1");
        point.put("label", " ");
        create(draftBody("Blank label", List.of(point))).then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItem(containsString("label")));
    }

    @Test
    void shouldRefuseAContextOver300Characters() {
        Map<String, Object> point = dataPoint("1");
        point.put("context", "c".repeat(301));
        create(draftBody("Long context", List.of(point))).then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItem(containsString("context")));
    }

    @Test
    void shouldRefuseSixTermSlugs() {
        String slug = TermFixtures.createTerm(TermFixtures.uniqueName("Six"));
        create(draftBody("Six terms", List.of(dataPoint("1", slug, slug, slug, slug, slug, slug)))).then()
                .statusCode(400).contentType(PROBLEM).body("errors.field", hasItem(containsString("termSlugs")));
    }

    @Test
    void shouldRefuseAnUnknownDataPointField() {
        Map<String, Object> point = dataPoint("1");
        point.put("chart", "bar");
        create(draftBody("Unknown field", List.of(point))).then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("chart"));
    }

    @Test
    void shouldRefuseAValueOfTheWrongType() {
        Map<String, Object> point = dataPoint("1");
        point.put("termSlugs", "not-a-list");
        create(draftBody("Wrong type", List.of(point))).then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void shouldNameATermByItsCurrentSlugAfterARename() {
        String name = TermFixtures.uniqueName("Renamed");
        String slug = TermFixtures.createTerm(name);
        long id = draft(List.of(dataPoint("1", slug)));
        Map<String, Object> renamed = new HashMap<>(TermFixtures.body(name, "Short definition of " + name));
        renamed.put("slug", slug + "-v2");
        asEditor().contentType(ContentType.JSON).body(renamed).put("/terms/" + slug).then().statusCode(200);

        asEditor().get("/newsletter/issues/" + id).then().statusCode(200)
                .body("dataPoints[0].termSlugs", equalTo(List.of(slug + "-v2")));
    }

    @Test
    void shouldKeepTheDataPointWhenItsTermIsDeleted() {
        String slug = TermFixtures.createTerm(TermFixtures.uniqueName("Deleted"));
        long id = draft(List.of(dataPoint("1", slug)));
        asEditor().delete("/terms/" + slug).then().statusCode(204);

        asEditor().get("/newsletter/issues/" + id).then().statusCode(200)
                .body("dataPoints", hasSize(1))
                .body("dataPoints[0].termSlugs", hasSize(0));
    }

    @Test
    void shouldAcceptAnAliasAndAnswerTheTermsSlug() {
        String name = TermFixtures.uniqueName("Aliased");
        Map<String, Object> body = TermFixtures.body(name, "Short definition");
        String alias = "alias-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        body.put("aliases", List.of(alias));
        String slug = TermFixtures.createTerm(body);

        create(draftBody("Alias", List.of(dataPoint("1", alias)))).then().statusCode(201)
                .body("dataPoints[0].termSlugs", equalTo(List.of(slug)));
    }
}
