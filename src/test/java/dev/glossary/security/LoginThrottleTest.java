package dev.glossary.security;

import static dev.glossary.support.TestUsers.asEditor;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.glossary.support.ApiTokens;
import dev.glossary.support.Database;
import dev.glossary.support.LimitsAndOrigins;
import dev.glossary.support.TermFixtures;
import dev.glossary.support.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(LimitsAndOrigins.class)
class LoginThrottleTest {

    private static final int ALLOWED = LimitsAndOrigins.LOGIN_FAILURES_ALLOWED;

    @Inject
    Database database;

    @Test
    void shouldRefuseCredentialsFromAnAddressAfterTooManyFailedLogins() throws InterruptedException {
        String client = LimitsAndOrigins.randomClientAddress();
        for (int i = 0; i < ALLOWED; i++) {
            given().header("X-Forwarded-For", client).auth().preemptive().basic(TestUsers.EDITOR, "guess " + i)
                    .when().delete("/terms/no-such-term")
                    .then().statusCode(401);
        }
        awaitCounted(client);
        asEditor().header("X-Forwarded-For", client).when().delete("/terms/no-such-term")
                .then().statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", retryAfter -> Integer.parseInt(retryAfter), both(greaterThan(0)).and(lessThanOrEqualTo(120)))
                .body("status", equalTo(429));
        given().header("X-Forwarded-For", client).when().get("/terms/chatgpt")
                .then().statusCode(200)
                .header("ETag", notNullValue());
    }

    /** The count lives in PostgreSQL: failures another replica counted refuse the client here too. */
    @Test
    void shouldRefuseAClientWhoseFailuresAnotherReplicaCounted() {
        String client = LimitsAndOrigins.randomClientAddress();
        database.update("INSERT INTO login_failure (client_key, first_at, failures) VALUES (?, now(), ?)", client, ALLOWED);

        asEditor().header("X-Forwarded-For", client).when().delete("/terms/no-such-term")
                .then().statusCode(429).contentType("application/problem+json");
    }

    @Test
    void shouldLetAClientTryAgainOnceItsWindowHasPassed() {
        String client = LimitsAndOrigins.randomClientAddress();
        database.update("INSERT INTO login_failure (client_key, first_at, failures) VALUES (?, now() - interval '1 hour', ?)",
                client, ALLOWED);

        asEditor().header("X-Forwarded-For", client).when().delete("/terms/no-such-term")
                .then().statusCode(404);
    }

    @Test
    void shouldKeepTheBodyOfAnAuthenticatedWriteWhileCheckingTheClient() {
        asEditor().header("X-Forwarded-For", LimitsAndOrigins.randomClientAddress())
                .contentType("application/json")
                .body("{\"name\":\"" + TermFixtures.uniqueName("Throttle Body") + "\",\"shortDefinition\":\"Kept whole.\"}")
                .when().post("/terms")
                .then().statusCode(201).body("shortDefinition", equalTo("Kept whole."));
    }

    /** A token costs no password hash, so a client the throttle refuses may still use one. */
    @Test
    void shouldLeaveTokensToAClientThatUsedUpItsFailedLogins() {
        String client = LimitsAndOrigins.randomClientAddress();
        database.update("INSERT INTO login_failure (client_key, first_at, failures) VALUES (?, now(), ?)", client, ALLOWED);

        ApiTokens.asToken(ApiTokens.create(Roles.TERMS_WRITE).secret()).header("X-Forwarded-For", client)
                .when().delete("/terms/no-such-term")
                .then().statusCode(404);
    }

    @Test
    void shouldNotCountBadTokensAsFailedLogins() throws InterruptedException {
        String client = LimitsAndOrigins.randomClientAddress();
        for (int i = 0; i < ALLOWED + 1; i++) {
            ApiTokens.asToken("glo_" + "A".repeat(43)).header("X-Forwarded-For", client)
                    .when().delete("/terms/no-such-term")
                    .then().statusCode(401);
        }
        given().header("X-Forwarded-For", client).auth().preemptive().basic(TestUsers.EDITOR, "guess")
                .when().delete("/terms/no-such-term")
                .then().statusCode(401);

        Instant deadline = Instant.now().plusSeconds(5);
        while (database.count("SELECT count(*) FROM login_failure WHERE client_key = ?", client) == 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        assertEquals(1, database.count("SELECT failures FROM login_failure WHERE client_key = ?", client));
    }

    /** A failure is written a moment after its 401 goes out: the right password may still get through until then. */
    private static void awaitCounted(String client) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(5);
        while (asEditor().header("X-Forwarded-For", client).when().delete("/terms/no-such-term").statusCode() != 429
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
    }
}
