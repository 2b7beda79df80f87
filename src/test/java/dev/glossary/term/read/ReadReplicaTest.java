package dev.glossary.term.read;

import static dev.glossary.support.Eventually.await;
import static dev.glossary.support.TermFixtures.createTerm;
import static dev.glossary.support.TermFixtures.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glossary.support.LocalResources;
import dev.glossary.support.TcpProxy;
import dev.glossary.support.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A read datasource configured (GLOSSARY_READ_DATASOURCE_JDBC_URL): here the test database itself,
 * reached through a relay the tests cut, which is how they stop "the replica". Which database
 * answered a read is told by the glossary_term_reads_total metric. Replay lag and a real streaming
 * replica are ReadReplicaIT's part.
 */
@QuarkusTest
@TestProfile(ReadReplicaTest.WithReadDatasource.class)
class ReadReplicaTest {

    private static final Duration PATIENCE = Duration.ofSeconds(5);
    private static TcpProxy proxy;

    public static class WithReadDatasource implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            if (proxy == null) {
                proxy = TcpProxy.toLocalPostgres();
            }
            return Map.of("glossary.read-datasource.jdbc-url", proxy.postgresJdbcUrl(),
                    "glossary.read-datasource.check-every", "50MS");
        }
    }

    @BeforeEach
    void replicaUp() {
        proxy.restore();
        await(() -> anonymousListingWentTo("replica"), PATIENCE, "reads to reach the read datasource");
    }

    @AfterEach
    void replicaBack() {
        proxy.restore();
    }

    @Test
    void shouldAnswerAnAnonymousListingFromTheReadDatasource() {
        assertTrue(anonymousListingWentTo("replica"));
    }

    @Test
    void shouldAnswerASearchFromTheIndexWithoutReadingEitherDatabase() {
        double replicaBefore = reads("replica");
        double primaryBefore = reads("primary");
        given().queryParam("q", "replica " + System.nanoTime()).get("/terms").then().statusCode(200);
        assertEquals(replicaBefore, reads("replica"));
        assertEquals(primaryBefore, reads("primary"));
    }

    @Test
    void shouldAnswerAnAnonymousUncachedLookupFromTheReadDatasource() {
        String slug = createTerm(uniqueName("Replica lookup"));
        await(() -> anonymousListingWentTo("replica"), PATIENCE, "the read datasource to have replayed the new term");
        double before = reads("replica");
        given().get("/terms/" + slug).then().statusCode(200).body("slug", equalTo(slug));
        assertTrue(reads("replica") > before);
    }

    @Test
    void shouldReadThePrimaryForARequestWithCredentials() {
        double replicaBefore = reads("replica");
        double primaryBefore = reads("primary");
        TestUsers.asEditor().queryParam("slug", "credentialed-" + System.nanoTime()).get("/terms").then().statusCode(200);
        assertEquals(replicaBefore, reads("replica"));
        assertTrue(reads("primary") > primaryBefore);
    }

    @Test
    void shouldLetAnEditorReadTheirOwnWriteAtOnce() {
        String slug = createTerm(uniqueName("Own write"));
        TestUsers.asEditor().contentType(ContentType.JSON)
                .body(Map.of("name", "Own write renamed " + System.nanoTime(), "shortDefinition", "Edited just now"))
                .put("/terms/" + slug).then().statusCode(200);
        TestUsers.asEditor().get("/terms/" + slug).then().statusCode(200)
                .body("shortDefinition", equalTo("Edited just now"));
    }

    @Test
    void shouldGoBackToTheReadDatasourceAfterATermChange() {
        createTerm(uniqueName("Change heard"));
        await(() -> anonymousListingWentTo("replica"), PATIENCE, "reads to return to the read datasource after a change");
    }

    @Test
    void shouldAnswerFromThePrimaryWithoutErrorsWhileTheReadDatasourceIsDown() {
        proxy.cut();
        double replicaBefore = reads("replica");
        for (int i = 0; i < 5; i++) {
            given().queryParam("slug", "down-" + System.nanoTime()).get("/terms").then().statusCode(200);
            given().get("/terms/" + createTerm(uniqueName("Down lookup"))).then().statusCode(200);
        }
        given().get("/q/health/ready").then().statusCode(200);
        assertEquals(replicaBefore, reads("replica"));
    }

    @Test
    void shouldReturnToTheReadDatasourceWhenItIsBack() {
        proxy.cut();
        given().queryParam("slug", "while-down-" + System.nanoTime()).get("/terms").then().statusCode(200);
        proxy.restore();
        await(() -> anonymousListingWentTo("replica"), PATIENCE, "reads to return once the read datasource is back");
    }

    /** Whether a bulk fetch nobody made before (a cache miss) was answered by that database. */
    private static boolean anonymousListingWentTo(String database) {
        double before = reads(database);
        given().queryParam("slug", "replica-" + System.nanoTime()).get("/terms").then().statusCode(200);
        return reads(database) > before;
    }

    private static double reads(String database) {
        return LocalResources.termReads(given().get("/q/metrics").then().statusCode(200).extract().asString(), database);
    }
}
