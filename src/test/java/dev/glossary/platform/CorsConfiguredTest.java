package dev.glossary.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.glossary.support.LimitsAndOrigins;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

/** Setting the origins (QUARKUS_HTTP_CORS_ORIGINS in production) is all it takes. */
@QuarkusTest
@TestProfile(LimitsAndOrigins.class)
class CorsConfiguredTest {

    private static final String ALLOWED = LimitsAndOrigins.ALLOWED_ORIGIN;
    private static final String OTHER = "https://evil.example";

    @Test
    void shouldAllowAConfiguredOrigin() {
        for (int i = 0; i < 2; i++) { // the second answer comes from memory, on another path
            given().header("Origin", ALLOWED)
                    .when().get("/terms/chatgpt")
                    .then().statusCode(200)
                    .header("Access-Control-Allow-Origin", equalTo(ALLOWED))
                    .header("Access-Control-Expose-Headers", containsString("ETag"));
        }
    }

    @Test
    void shouldAnswerAPreflightFromAConfiguredOrigin() {
        given().header("Origin", ALLOWED)
                .header("Access-Control-Request-Method", "PUT")
                .when().options("/terms/chatgpt")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(ALLOWED));
    }

    /** The API uses no cookies: credentials are not allowed unless an operator configures it. */
    @Test
    void shouldNotAllowCredentialsOnAPreflight() {
        given().header("Origin", ALLOWED)
                .header("Access-Control-Request-Method", "GET")
                .when().options("/terms")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(ALLOWED))
                .header("Access-Control-Allow-Credentials", nullValue());
    }

    @Test
    void shouldNotAllowCredentialsOnASimpleRequest() {
        for (String path : new String[] {"/terms/chatgpt", "/terms", "/letters"}) {
            given().header("Origin", ALLOWED)
                    .when().get(path)
                    .then().statusCode(200)
                    .header("Access-Control-Allow-Origin", equalTo(ALLOWED))
                    .header("Access-Control-Allow-Credentials", nullValue());
        }
    }

    @Test
    void shouldServeAReadFromAnOtherOriginWithoutCorsHeaders() {
        for (int i = 0; i < 2; i++) { // the second answer comes from memory, on another path
            given().header("Origin", OTHER)
                    .when().get("/terms/chatgpt")
                    .then().statusCode(200)
                    .contentType("application/json")
                    .body("slug", equalTo("chatgpt"))
                    .header("Access-Control-Allow-Origin", nullValue())
                    .header("Access-Control-Expose-Headers", nullValue())
                    .header("Vary", equalTo("Origin, Accept"));
        }
        given().header("Origin", OTHER).when().get("/letters")
                .then().statusCode(200).header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void shouldSayThatAnAllowedOriginsAnswerDependsOnOrigin() {
        given().header("Origin", ALLOWED).redirects().follow(false)
                .when().get("/terms/agi")
                .then().statusCode(301)
                .header("Access-Control-Allow-Origin", equalTo(ALLOWED))
                .header("Vary", equalTo("Origin, Accept"));
    }

    @Test
    void shouldRefuseAPreflightFromAnOtherOriginWithAProblem() {
        given().header("Origin", OTHER)
                .header("Access-Control-Request-Method", "PUT")
                .when().options("/terms/chatgpt")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("status", equalTo(403))
                .body("type", equalTo("https://glossary.example/problems/forbidden"))
                .header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void shouldRefuseAWriteFromAnOtherOriginWithAProblem() {
        given().header("X-Forwarded-For", LimitsAndOrigins.randomClientAddress()).header("Origin", OTHER).contentType("application/json")
                .body("{\"email\": \"cors-" + System.nanoTime() + "@example.com\"}")
                .when().post("/subscribers")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void shouldServeAWriteFromTheApisOwnOrigin() {
        given().header("X-Forwarded-For", LimitsAndOrigins.randomClientAddress()).header("Origin", "http://localhost:" + RestAssured.port).contentType("application/json")
                .body("{\"email\": \"same-origin-" + System.nanoTime() + "@example.com\"}")
                .when().post("/subscribers")
                .then().statusCode(202);
    }
}
