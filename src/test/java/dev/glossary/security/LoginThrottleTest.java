package dev.glossary.security;

import static dev.glossary.support.TestUsers.asEditor;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.glossary.support.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(LoginThrottleTest.ThreeTries.class)
class LoginThrottleTest {

    private static final int ALLOWED = 3;

    public static class ThreeTries implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("glossary.security.login-failures-allowed", String.valueOf(ALLOWED),
                    "glossary.security.login-failure-window", "2M");
        }
    }

    @Test
    void shouldRefuseCredentialsFromAnAddressAfterTooManyFailedLogins() {
        for (int i = 0; i < ALLOWED; i++) {
            given().auth().preemptive().basic(TestUsers.EDITOR, "guess " + i)
                    .when().delete("/terms/no-such-term")
                    .then().statusCode(401);
        }
        asEditor().when().delete("/terms/no-such-term")
                .then().statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", equalTo("120"))
                .body("status", equalTo(429));
        given().when().get("/terms/chatgpt")
                .then().statusCode(200)
                .header("ETag", notNullValue());
    }
}
