package dev.glossary.subscriber;

import static dev.glossary.subscriber.Subscriptions.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(RateLimitTest.LowLimit.class)
class RateLimitTest {

    static final int LIMIT = 3;

    /** The limit switched on and low; the test client is a trusted proxy, so each test can be its own client. */
    public static class LowLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "glossary.subscribers.rate-limit.enabled", "true",
                    "glossary.subscribers.rate-limit.requests", String.valueOf(LIMIT),
                    // A long window, so that no test straddles two windows.
                    "glossary.subscribers.rate-limit.window", "1H",
                    "quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.allow-x-forwarded", "true",
                    "quarkus.http.proxy.trusted-proxies", "127.0.0.1,::1");
        }
    }

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

    /** An address in 10.0.0.0/8 no earlier run is likely to have used within the window. */
    private static String randomClientAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(1, 255);
    }
}
