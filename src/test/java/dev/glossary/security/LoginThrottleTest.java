package dev.glossary.security;

import static dev.glossary.support.TestUsers.asEditor;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.glossary.support.LimitsAndOrigins;
import dev.glossary.support.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(LimitsAndOrigins.class)
class LoginThrottleTest {

    private static final int ALLOWED = LimitsAndOrigins.LOGIN_FAILURES_ALLOWED;

    @Test
    void shouldRefuseCredentialsFromAnAddressAfterTooManyFailedLogins() {
        String client = LimitsAndOrigins.randomClientAddress();
        for (int i = 0; i < ALLOWED; i++) {
            given().header("X-Forwarded-For", client).auth().preemptive().basic(TestUsers.EDITOR, "guess " + i)
                    .when().delete("/terms/no-such-term")
                    .then().statusCode(401);
        }
        asEditor().header("X-Forwarded-For", client).when().delete("/terms/no-such-term")
                .then().statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", equalTo("120"))
                .body("status", equalTo(429));
        given().header("X-Forwarded-For", client).when().get("/terms/chatgpt")
                .then().statusCode(200)
                .header("ETag", notNullValue());
    }
}
