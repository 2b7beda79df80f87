package dev.glossary.subscriber;

import static dev.glossary.subscriber.Subscriptions.uniqueEmail;
import static dev.glossary.support.LimitsAndOrigins.randomClientAddress;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glossary.support.LimitsAndOrigins;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(LimitsAndOrigins.class)
class RateLimitTest {

    private static final int LIMIT = LimitsAndOrigins.SUBSCRIBE_LIMIT;

    @Test
    void shouldAnswer429WithRetryAfterPastTheLimit() {
        String client = randomClientAddress();
        for (int i = 0; i < LIMIT; i++) {
            subscribeFrom(client).then().statusCode(202);
        }

        Response refused = subscribeFrom(client);

        refused.then()
                .statusCode(429)
                .contentType("application/problem+json")
                .body("status", equalTo(429))
                .body("type", equalTo("https://glossary.example/problems/too-many-requests"));
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 3600, "seconds until the window ends: " + retryAfter);
    }

    @Test
    void shouldCountEachClientAddressApart() {
        String busy = randomClientAddress();
        for (int i = 0; i < LIMIT; i++) {
            subscribeFrom(busy).then().statusCode(202);
        }
        subscribeFrom(busy).then().statusCode(429);

        subscribeFrom(randomClientAddress()).then().statusCode(202);
    }

    private static Response subscribeFrom(String clientAddress) {
        return given().header("X-Forwarded-For", clientAddress)
                .contentType(ContentType.JSON).body(Map.of("email", uniqueEmail()))
                .post("/subscribers");
    }
}
