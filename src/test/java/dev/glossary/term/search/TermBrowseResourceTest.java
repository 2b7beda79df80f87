package dev.glossary.term.search;

import static dev.glossary.support.TermFixtures.body;
import static dev.glossary.support.TermFixtures.createTerm;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TermBrowseResourceTest {

    private static final String PROBLEM_JSON = "application/problem+json";

    @Test
    void shouldListEveryLetterThenHash() {
        List<String> letters = given().when().get("/letters")
                .then().statusCode(200)
                .body("", hasSize(27))
                .extract().path("letter");
        org.junit.jupiter.api.Assertions.assertEquals(LetterCount.INITIALS, letters);
    }

    @Test
    void shouldCountTheSeededInitials() {
        given().when().get("/letters")
                .then().statusCode(200)
                .body("find { it.letter == 'F' }.count", greaterThanOrEqualTo(3))
                .body("find { it.letter == 'T' }.count", greaterThanOrEqualTo(1))
                .body("find { it.letter == 'A' }.count", greaterThanOrEqualTo(2));
    }

    @Test
    void shouldCountANewTermUnderItsLetter() {
        int before = given().get("/letters").then().extract().path("find { it.letter == '#' }.count");
        createTerm(body("42 " + UUID.randomUUID(), "Starts with a digit"));
        given().get("/letters").then().body("find { it.letter == '#' }.count", equalTo(before + 1));
    }

    @Test
    void shouldSuggestNamesStartingWithTheQueryFirst() {
        String word = "sugg" + UUID.randomUUID().toString().replace("-", "").substring(0, 6);
        String inside = createTerm(body("Alpha " + word + "ion", "Word inside the name"));
        String starts = createTerm(body(word + "ive Zeta", "Name starts with the query"));
        given().queryParam("q", word)
                .when().get("/suggestions")
                .then().statusCode(200)
                .body("slug", contains(starts, inside))
                .body("[0].shortDefinition", equalTo("Name starts with the query"));
    }

    @Test
    void shouldSuggestIgnoringCaseAndAccents() {
        given().queryParam("q", "FÎN")
                .when().get("/suggestions")
                .then().statusCode(200)
                .body("slug", hasItem("fine-tuning"));
    }

    @Test
    void shouldSuggestByAWordInsideTheName() {
        given().queryParam("q", "gen")
                .when().get("/suggestions")
                .then().statusCode(200)
                .body("slug", hasItem("artificial-general-intelligence"));
    }

    @Test
    void shouldHonourTheSuggestionLimit() {
        given().queryParam("q", "a").queryParam("limit", 1)
                .when().get("/suggestions")
                .then().statusCode(200)
                .body("", hasSize(1));
    }

    @Test
    void shouldSuggestAtMostTenByDefault() {
        given().queryParam("q", "a")
                .when().get("/suggestions")
                .then().statusCode(200)
                .body("size()", lessThanOrEqualTo(10));
    }

    @Test
    void shouldRefuseASuggestionLimitOver20() {
        expectInvalid("limit", "21");
    }

    @Test
    void shouldRefuseASuggestionLimitOfZero() {
        expectInvalid("limit", "0");
    }

    @Test
    void shouldRefuseANonNumericSuggestionLimit() {
        expectInvalid("limit", "ten");
    }

    @Test
    void shouldRefuseSuggestionsWithoutQ() {
        given().when().get("/suggestions")
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("errors[0].field", equalTo("q"));
    }

    @Test
    void shouldSuggestNothingForPunctuationOnly() {
        given().queryParam("q", "%_'\"")
                .when().get("/suggestions")
                .then().statusCode(200)
                .body("", hasSize(0));
    }

    private static void expectInvalid(String name, String value) {
        given().queryParam("q", "fin").queryParam(name, value)
                .when().get("/suggestions")
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("errors[0].field", equalTo(name));
    }
}
