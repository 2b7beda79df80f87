package dev.glossary.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** API.md v3: a single-valued query parameter given more than once answers 400 naming it. */
@QuarkusTest
class RepeatedQueryParamsTest {

    @Test
    void shouldRefuseASingleValuedParameterGivenTwice() {
        given().when().get("/terms?letter=a&letter=b")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://glossary.example/problems/validation"))
                .body("errors.field", hasItem("letter"));
    }

    @Test
    void shouldRefuseARepeatedParameterOfABeanParamToo() {
        given().when().get("/terms?size=5&size=6")
                .then().statusCode(400)
                .body("errors.field", hasItem("size"));
    }

    @Test
    void shouldKeepSlugRepeatable() {
        given().when().get("/terms?slug=chatgpt&slug=agi")
                .then().statusCode(200);
    }
}
