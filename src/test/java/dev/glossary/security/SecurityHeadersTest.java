package dev.glossary.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SecurityHeadersTest {

    @Test
    void shouldSendSecurityHeadersWithJson() {
        expectSecurityHeaders(given().get("/terms/chatgpt").then().statusCode(200));
    }

    @Test
    void shouldSendSecurityHeadersWithProblems() {
        expectSecurityHeaders(given().get("/terms/no-such-term").then().statusCode(404));
    }

    @Test
    void shouldSendSecurityHeadersWithRedirects() {
        expectSecurityHeaders(given().redirects().follow(false).get("/terms/agi").then().statusCode(301));
    }

    @Test
    void shouldNotAnnounceTheServerSoftware() {
        given().get("/terms/chatgpt").then().header("Server", nullValue());
    }

    @Test
    void shouldLetSwaggerUiRunItsScripts() {
        given().get("/q/swagger-ui/").then().statusCode(200)
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .header("Content-Security-Policy", nullValue());
    }

    private static void expectSecurityHeaders(ValidatableResponse response) {
        response.header("X-Content-Type-Options", equalTo("nosniff"))
                .header("Referrer-Policy", equalTo("no-referrer"))
                .header("X-Frame-Options", equalTo("DENY"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"));
    }
}
