package dev.glossary.term;

import static dev.glossary.support.TermFixtures.createTerm;
import static dev.glossary.support.TermFixtures.uniqueName;
import static dev.glossary.support.TestUsers.asEditor;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TermRelationResourceTest {

    private static final String PROBLEM_JSON = "application/problem+json";

    @Test
    void shouldRelateBothWays() {
        String left = createTerm(uniqueName("Left"));
        String right = createTerm(uniqueName("Right"));
        asEditor().when().put("/terms/" + left + "/related/" + right).then().statusCode(204);
        given().get("/terms/" + left + "/related").then().body("slug", contains(right));
        given().get("/terms/" + right + "/related").then().body("slug", contains(left));
        given().get("/terms/" + right).then().body("relatedTerms.slug", contains(left));
    }

    @Test
    void shouldRelateIdempotently() {
        String left = createTerm(uniqueName("Left"));
        String right = createTerm(uniqueName("Right"));
        asEditor().put("/terms/" + left + "/related/" + right).then().statusCode(204);
        asEditor().put("/terms/" + right + "/related/" + left).then().statusCode(204);
        asEditor().put("/terms/" + left + "/related/" + right).then().statusCode(204);
        given().get("/terms/" + left + "/related").then().body("", hasSize(1));
    }

    @Test
    void shouldRelateThroughAnAlias() {
        String term = createTerm(uniqueName("Alias friend"));
        asEditor().put("/terms/" + term + "/related/agi").then().statusCode(204);
        given().get("/terms/" + term + "/related").then().body("slug", contains("artificial-general-intelligence"));
    }

    @Test
    void shouldRefuseRelatingATermToItself() {
        String term = createTerm(uniqueName("Loner"));
        asEditor().put("/terms/" + term + "/related/" + term)
                .then().statusCode(400)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void shouldRefuseRelatingATermToItsOwnAlias() {
        asEditor().put("/terms/artificial-general-intelligence/related/agi")
                .then().statusCode(400)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void shouldAnswer404WhenRelatingToAnUnknownTerm() {
        String term = createTerm(uniqueName("Hopeful"));
        asEditor().put("/terms/" + term + "/related/no-such-term-anywhere")
                .then().statusCode(404)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void shouldAnswer404WhenRelatingFromAnUnknownTerm() {
        asEditor().put("/terms/no-such-term-anywhere/related/chatgpt")
                .then().statusCode(404)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void shouldAnswer401WhenRelatingWithoutCredentials() {
        given().put("/terms/chatgpt/related/fine-tuning")
                .then().statusCode(401)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void shouldUnrelateBothWays() {
        String left = createTerm(uniqueName("Left"));
        String right = createTerm(uniqueName("Right"), left);
        asEditor().delete("/terms/" + left + "/related/" + right).then().statusCode(204);
        given().get("/terms/" + left + "/related").then().body("", hasSize(0));
        given().get("/terms/" + right + "/related").then().body("", hasSize(0));
    }

    @Test
    void shouldUnrelateIdempotently() {
        String left = createTerm(uniqueName("Left"));
        String right = createTerm(uniqueName("Right"));
        asEditor().delete("/terms/" + left + "/related/" + right).then().statusCode(204);
        asEditor().delete("/terms/" + left + "/related/" + right).then().statusCode(204);
    }

    @Test
    void shouldAnswer404WhenUnrelatingAnUnknownTerm() {
        asEditor().delete("/terms/chatgpt/related/no-such-term-anywhere")
                .then().statusCode(404)
                .body("status", equalTo(404));
    }
}
