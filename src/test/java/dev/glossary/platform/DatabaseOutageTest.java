package dev.glossary.platform;

import static dev.glossary.support.TermFixtures.body;
import static dev.glossary.support.TermFixtures.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;

import dev.glossary.security.Roles;
import dev.glossary.support.ApiTokens;
import dev.glossary.support.TcpProxy;
import dev.glossary.support.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The service reaches PostgreSQL through a relay the tests cut, as if the database had crashed. */
@QuarkusTest
@TestProfile(DatabaseOutageTest.ThroughProxy.class)
class DatabaseOutageTest {

    private static final long NO_HANG_MILLIS = 3_000;
    private static final Duration RECOVERY = Duration.ofSeconds(5);

    private static TcpProxy proxy;

    public static class ThroughProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            if (proxy == null) {
                proxy = TcpProxy.toLocalPostgres();
            }
            return Map.of("quarkus.datasource.jdbc.url", proxy.postgresJdbcUrl());
        }
    }

    @BeforeEach
    void databaseUp() {
        proxy.restore();
    }

    @AfterEach
    void databaseBack() {
        proxy.restore();
    }

    @Test
    void shouldAnswerReadsWith503AndRetryAfterWithoutHanging() {
        given().get("/terms/chatgpt").then().statusCode(200);
        proxy.cut();
        given().when().get("/terms/chatgpt")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("type", equalTo("https://glossary.example/problems/service-unavailable"))
                .time(lessThan(NO_HANG_MILLIS));
    }

    @Test
    void shouldAnswerWritesWith503WithoutHanging() {
        proxy.cut();
        TestUsers.asEditor().contentType(ContentType.JSON).body(body(uniqueName("Offline"), "Written while down"))
                .when().post("/terms")
                .then().statusCode(503)
                .header("Retry-After", notNullValue())
                .time(lessThan(NO_HANG_MILLIS));
    }

    /** A token cannot be checked without the database: that is an outage (503), not a bad token (401). */
    @Test
    void shouldAnswerTokenWritesWith503WithoutHanging() {
        String secret = ApiTokens.create(Roles.TERMS_WRITE).secret();
        proxy.cut();
        ApiTokens.asToken(secret).contentType(ContentType.JSON).body(body(uniqueName("Offline"), "Written while down"))
                .when().post("/terms")
                .then().statusCode(503)
                .header("Retry-After", notNullValue())
                .time(lessThan(NO_HANG_MILLIS));
    }

    @Test
    void shouldReportNotReadyButLiveWhileTheDatabaseIsDown() {
        proxy.cut();
        given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void shouldRecoverOnItsOwnWhenTheDatabaseReturns() throws InterruptedException {
        proxy.cut();
        given().get("/terms/chatgpt").then().statusCode(503);
        proxy.restore();
        Instant deadline = Instant.now().plus(RECOVERY);
        int status = 0;
        while (Instant.now().isBefore(deadline) && status != 200) {
            status = given().get("/terms/chatgpt").then().extract().statusCode();
            if (status != 200) {
                Thread.sleep(200);
            }
        }
        org.junit.jupiter.api.Assertions.assertEquals(200, status, "not recovered within " + RECOVERY);
        // Readiness too, within the same bound: the JDBC pool's check may first meet a connection the
        // outage broke (DOWN once, the connection dropped), while look-ups already answer.
        int ready = 0;
        while (Instant.now().isBefore(deadline) && ready != 200) {
            ready = given().get("/q/health/ready").then().extract().statusCode();
            if (ready != 200) {
                Thread.sleep(200);
            }
        }
        org.junit.jupiter.api.Assertions.assertEquals(200, ready, "not ready again within " + RECOVERY);
    }
}
