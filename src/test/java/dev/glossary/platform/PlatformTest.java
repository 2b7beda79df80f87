package dev.glossary.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** What operators and API tooling rely on: spec, Swagger UI, health, metrics, errors, CORS. */
@QuarkusTest
class PlatformTest {

    private static final String PROBLEM_JSON = "application/problem+json";

    @Test
    void shouldServeTheOpenApiSpecAsYaml() {
        given().when().get("/q/openapi")
                .then().statusCode(200)
                .body(containsString("operationId: getTerm"))
                .body(containsString("basicAuth"));
    }

    @Test
    void shouldServeTheOpenApiSpecAsJson() {
        given().queryParam("format", "json")
                .when().get("/q/openapi")
                .then().statusCode(200)
                .body("paths.'/terms/{slug}'.get.operationId", equalTo("getTerm"))
                .body("paths.'/terms'.post.security[0].basicAuth", not(nullValue()));
    }

    @Test
    void shouldServeSwaggerUi() {
        given().when().get("/q/swagger-ui/")
                .then().statusCode(200)
                .body(containsString("swagger"));
    }

    @Test
    void shouldReportLiveAndReady() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void shouldExposePrometheusMetrics() {
        given().get("/terms/chatgpt").then().statusCode(200);
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("http_server_requests_seconds_count"));
    }

    @Test
    void shouldAnswerAnUnknownPathWithA404Problem() {
        given().when().get("/no/such/path")
                .then().statusCode(404)
                .contentType(PROBLEM_JSON)
                .body("status", equalTo(404))
                .body("instance", equalTo("/no/such/path"));
    }

    @Test
    void shouldAnswerAnUnsupportedMethodWithA405Problem() {
        given().when().patch("/terms/chatgpt")
                .then().statusCode(405)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void shouldAnswer415ProblemForAContentTypeThatIsNoMediaType() {
        given().config(RestAssured.config().encoderConfig(
                        EncoderConfig.encoderConfig().encodeContentTypeAs("!!!/???", ContentType.TEXT)))
                .header("Content-Type", "!!!/???").body("{}")
                .when().post("/subscribers/confirm")
                .then().statusCode(415)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void shouldAnswer400ProblemForABrokenFormEncoding() {
        given().contentType("application/x-www-form-urlencoded").body("token=%E0%A4%A")
                .when().post("/subscribers/unsubscribe")
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("https://glossary.example/problems/malformed-request"));
    }

    @Test
    void shouldGrantNoCrossOriginAccessByDefault() {
        given().header("Origin", "https://evil.example")
                .when().get("/terms/chatgpt")
                .then().header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void shouldGrantNoPreflightByDefault() {
        given().header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST")
                .when().options("/terms")
                .then().header("Access-Control-Allow-Origin", nullValue());
    }
}
