package dev.glossary.term.read;

import static dev.glossary.support.TermFixtures.createTerm;
import static dev.glossary.support.TermFixtures.uniqueName;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TermLookupResourceTest {

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String TRANSFER_LEARNING_SHORT = "A technique where knowledge gained from training on one task is applied to a different but related task, dramatically reducing the data and compute needed for new applications.";
    private static final String FOUNDATION_MODEL_SHORT = "A large AI model trained on broad data that can be adapted to a wide range of downstream tasks — examples include GPT-4, Claude, Gemini, and Llama.";

    @Test
    void shouldServeSeededTransferLearningWithItsSixRelatedTermsByName() {
        given().when().get("/terms/transfer-learning")
                .then().statusCode(200)
                .contentType("application/json")
                .body("slug", equalTo("transfer-learning"))
                .body("name", equalTo("Transfer Learning"))
                .body("shortDefinition", equalTo(TRANSFER_LEARNING_SHORT))
                .body("description", startsWith("Transfer learning is the foundation of modern AI deployment."))
                .body("exploreUrl", nullValue())
                .body("aliases", hasSize(0))
                .body("relatedTerms.slug", contains("ai-alignment", "artificial-general-intelligence", "chatgpt",
                        "fine-tuning", "foundation-model", "frontier-model"))
                .body("createdAt", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"))
                .body("updatedAt", notNullValue());
    }

    @Test
    void shouldKeepTypographicDashesOfTheSeedVerbatim() {
        given().when().get("/terms/foundation-model")
                .then().statusCode(200)
                .body("shortDefinition", equalTo(FOUNDATION_MODEL_SHORT))
                .body("description", equalTo(""))
                .body("relatedTerms.slug", contains("transfer-learning"));
    }

    @Test
    void shouldListTheAgiAliasOnItsTerm() {
        given().when().get("/terms/artificial-general-intelligence")
                .then().statusCode(200)
                .body("aliases", contains("agi"));
    }

    @Test
    void shouldRedirectAnAliasToTheCanonicalSlug() {
        given().redirects().follow(false)
                .when().get("/terms/agi")
                .then().statusCode(301)
                .header("Location", equalTo("/terms/artificial-general-intelligence"));
    }

    @Test
    void shouldSendStrongETagAndPublicCacheControl() {
        given().when().get("/terms/chatgpt")
                .then().statusCode(200)
                .header("ETag", matchesPattern("\"[A-Za-z0-9_-]+\""))
                .header("Cache-Control", containsString("public"))
                .header("Cache-Control", containsString("max-age="));
    }

    @Test
    void shouldAnswer304WhenIfNoneMatchCarriesTheCurrentETag() {
        String etag = given().get("/terms/chatgpt").then().extract().header("ETag");
        given().header("If-None-Match", etag)
                .when().get("/terms/chatgpt")
                .then().statusCode(304)
                .header("ETag", equalTo(etag))
                .body(emptyString());
    }

    @Test
    void shouldAnswer304ForAWeakFormOfTheETagInAList() {
        String etag = given().get("/terms/chatgpt").then().extract().header("ETag");
        given().header("If-None-Match", "\"other\", W/" + etag)
                .when().get("/terms/chatgpt")
                .then().statusCode(304);
    }

    @Test
    void shouldAnswerARepeatedLookupFromMemoryWithTheSameBytesAndHeaders() {
        String slug = createTerm(uniqueName("Repeated"));
        Response first = given().get("/terms/" + slug);
        Response second = given().get("/terms/" + slug);
        assertEquals(first.asString(), second.asString());
        assertEquals(first.header("ETag"), second.header("ETag"));
        assertEquals(first.header("Cache-Control"), second.header("Cache-Control"));
        second.then().statusCode(200).contentType("application/json")
                .header("X-Content-Type-Options", equalTo("nosniff"));
    }

    @Test
    void shouldRedirectARepeatedAliasLookupToo() {
        for (int i = 0; i < 2; i++) {
            given().redirects().follow(false).get("/terms/agi")
                    .then().statusCode(301)
                    .header("Location", equalTo("/terms/artificial-general-intelligence"));
        }
    }

    @Test
    void shouldAnswer200WhenIfNoneMatchIsStale() {
        given().header("If-None-Match", "\"stale\"")
                .when().get("/terms/chatgpt")
                .then().statusCode(200)
                .body("slug", equalTo("chatgpt"));
    }

    @Test
    void shouldChangeTheETagWhenARelatedTermChanges() {
        String hub = createTerm(uniqueName("Hub"));
        String before = given().get("/terms/" + hub).then().extract().header("ETag");
        createTerm(uniqueName("Spoke"), hub);
        given().header("If-None-Match", before)
                .when().get("/terms/" + hub)
                .then().statusCode(200)
                .header("ETag", not(equalTo(before)))
                .body("relatedTerms", hasSize(1));
    }

    @Test
    void shouldAnswer404ProblemForAnUnknownSlug() {
        given().when().get("/terms/no-such-term-anywhere")
                .then().statusCode(404)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("https://glossary.example/problems/not-found"))
                .body("title", equalTo("Not found"))
                .body("status", equalTo(404))
                .body("detail", containsString("no-such-term-anywhere"))
                .body("instance", equalTo("/terms/no-such-term-anywhere"));
    }

    @Test
    void shouldAnswer404ForSqlMetacharactersInTheSlug() {
        given().when().get("/terms/x' OR '1'='1")
                .then().statusCode(404)
                .contentType(PROBLEM_JSON)
                .body("detail", not(containsString("SQL")));
    }

    @Test
    void shouldListRelatedTermsOrderedByNameIgnoringCase() {
        String zebra = createTerm(uniqueName("zebra learning"));
        String alpha = createTerm(uniqueName("Alpha learning"));
        String hub = createTerm(uniqueName("Hub"), zebra, alpha);
        given().when().get("/terms/" + hub + "/related")
                .then().statusCode(200)
                .body("slug", contains(alpha, zebra))
                .body("[0].name", startsWith("Alpha learning"))
                .body("[0].shortDefinition", startsWith("Short definition of"));
    }

    @Test
    void shouldRedirectRelatedOfAnAliasToTheCanonicalRelatedList() {
        given().redirects().follow(false)
                .when().get("/terms/agi/related")
                .then().statusCode(301)
                .header("Location", equalTo("/terms/artificial-general-intelligence/related"));
    }

    @Test
    void shouldAnswer404ProblemForRelatedOfAnUnknownTerm() {
        given().when().get("/terms/no-such-term-anywhere/related")
                .then().statusCode(404)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void shouldAnswer404ProblemForASlugHoldingANulCharacter() {
        // PostgreSQL refuses NUL in text; a slug that breaks the format must not reach it (found by OpenApiFuzzTest).
        given().urlEncodingEnabled(false).when().get("/terms/a%00b")
                .then().statusCode(404)
                .contentType(PROBLEM_JSON)
                .body("status", equalTo(404));
        given().urlEncodingEnabled(false).when().get("/terms/a%00b/related")
                .then().statusCode(404)
                .contentType(PROBLEM_JSON);
    }
}
