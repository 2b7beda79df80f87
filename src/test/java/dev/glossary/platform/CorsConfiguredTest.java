package dev.glossary.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Setting the origins (QUARKUS_HTTP_CORS_ORIGINS in production) is all it takes. */
@QuarkusTest
@TestProfile(CorsConfiguredTest.WithOrigins.class)
class CorsConfiguredTest {

    private static final String ALLOWED = "https://app.example";

    public static class WithOrigins implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.cors.origins", ALLOWED + ",https://partner.example");
        }
    }

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

    @Test
    void shouldStillRefuseOtherOrigins() {
        given().header("Origin", "https://evil.example")
                .when().get("/terms/chatgpt")
                .then().header("Access-Control-Allow-Origin", nullValue());
    }
}
