package dev.glossary.term.feed;

import static dev.glossary.support.TermFixtures.body;
import static dev.glossary.support.TermFixtures.createTerm;
import static dev.glossary.support.TermFixtures.uniqueName;
import static dev.glossary.support.TestUsers.asEditor;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glossary.term.TermCacheConfig;
import dev.glossary.term.read.HeardAnnouncements;
import dev.glossary.term.read.TermReadCache;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Term documents are served from memory; these tests play "the other instance" over JDBC to show
 * that a change made elsewhere is heard through LISTEN/NOTIFY and never served stale for long.
 */
@QuarkusTest
class TermCacheCoherenceTest {

    private static final Duration DELIVERY = Duration.ofSeconds(3);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TermReadCache cache;

    @Inject
    TermCacheConfig cacheConfig;

    @Inject
    TermChangeListener listener;

    @BeforeEach
    void signInOnceTheListenerIsUp() throws InterruptedException {
        Instant deadline = Instant.now().plus(DELIVERY);
        while (!cache.active() && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        assertTrue(cache.active(), "the change listener did not connect within " + DELIVERY);
    }

    @Test
    void shouldServeFromMemoryUntilAnotherInstanceAnnouncesAChange() throws Exception {
        String name = uniqueName("Cached");
        String slug = createTerm(body(name, "As first written"));
        awaitShortDefinition(slug, "As first written");
        given().get("/terms/" + slug).then().body("shortDefinition", equalTo("As first written"));

        updateBehindTheServicesBack(slug, "Changed elsewhere", false);
        given().get("/terms/" + slug).then().body("shortDefinition", equalTo("As first written"));

        updateBehindTheServicesBack(slug, "Changed elsewhere", true);
        awaitShortDefinition(slug, "Changed elsewhere");
    }

    @Test
    void shouldServeListingsFromMemoryUntilAnotherInstanceAnnouncesAChange() throws Exception {
        String slug = createTerm(body(uniqueName("Listed"), "Listed as first written"));
        HeardAnnouncements.await(cache, dataSource, cacheConfig.channel());
        given().queryParam("slug", slug).get("/terms")
                .then().body("items[0].shortDefinition", equalTo("Listed as first written"));

        updateBehindTheServicesBack(slug, "Listed differently", false);
        given().queryParam("slug", slug).get("/terms")
                .then().body("items[0].shortDefinition", equalTo("Listed as first written"));

        updateBehindTheServicesBack(slug, "Listed differently", true);
        Instant deadline = Instant.now().plus(DELIVERY);
        String served = null;
        while (Instant.now().isBefore(deadline) && !"Listed differently".equals(served)) {
            served = given().queryParam("slug", slug).get("/terms").then().extract().path("items[0].shortDefinition");
        }
        assertEquals("Listed differently", served);
    }

    @Test
    void shouldAnnounceEveryWriteToOtherInstances() throws Exception {
        String slug = createTerm(uniqueName("Announced"));
        try (Connection listener = dataSource.getConnection()) {
            try (Statement statement = listener.createStatement()) {
                statement.execute("LISTEN " + cacheConfig.channel());
            }
            asEditor().contentType(ContentType.JSON).body(body(uniqueName("Announced again"), "Edited"))
                    .when().put("/terms/" + slug).then().statusCode(200);
            PGNotification[] received = listener.unwrap(PGConnection.class)
                    .getNotifications((int) DELIVERY.toMillis());
            assertTrue(received != null && received.length > 0, "no NOTIFY on " + cacheConfig.channel());
            assertEquals(cacheConfig.channel(), received[0].getName());
            try (Statement statement = listener.createStatement()) {
                statement.execute("UNLISTEN *");
            }
        }
    }

    @Test
    void shouldServeTheNewDocumentAsSoonAsAWriteReturns() {
        String name = uniqueName("Immediate");
        String slug = createTerm(body(name, "Before"));
        given().get("/terms/" + slug).then().body("shortDefinition", equalTo("Before"));
        asEditor().contentType(ContentType.JSON).body(body(name, "After"))
                .when().put("/terms/" + slug).then().statusCode(200);
        given().get("/terms/" + slug).then().body("shortDefinition", equalTo("After"));
    }

    @Test
    void shouldShowARenamedRelatedTermInCachedDocuments() {
        String hub = createTerm(uniqueName("Hub"));
        String spokeName = uniqueName("Spoke");
        String spoke = createTerm(spokeName, hub);
        given().get("/terms/" + hub).then().body("relatedTerms[0].shortDefinition", equalTo("Short definition of " + spokeName));
        asEditor().contentType(ContentType.JSON).body(withRelated(body(spokeName, "Renamed definition"), hub))
                .when().put("/terms/" + spoke).then().statusCode(200);
        given().get("/terms/" + hub).then().body("relatedTerms[0].shortDefinition", equalTo("Renamed definition"));
    }

    @Test
    void shouldForgetEverythingCachedWhenTheListenerReconnectsAndThenCacheAgain() throws Exception {
        String slug = createTerm(body(uniqueName("Reconnected"), "Before the drop"));
        awaitShortDefinition(slug, "Before the drop");
        int backend = listener.listeningBackend().orElseThrow();
        // As if its NOTIFY were sent while the listener was away: only a cache emptied on reconnecting shows it.
        updateBehindTheServicesBack(slug, "Missed while away", false);

        terminate(backend);
        awaitListeningOnAnotherBackend(backend);
        given().get("/terms/" + slug).then().body("shortDefinition", equalTo("Missed while away"));

        updateBehindTheServicesBack(slug, "Unannounced", false);
        given().get("/terms/" + slug).then().body("shortDefinition", equalTo("Missed while away"));
    }

    private void terminate(int backend) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement terminate = connection.prepareStatement(
                     "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = ? AND application_name = ?")) {
            terminate.setInt(1, backend);
            terminate.setString(2, TermChangeListener.APPLICATION_NAME);
            try (ResultSet terminated = terminate.executeQuery()) {
                assertTrue(terminated.next() && terminated.getBoolean(1), "the listener's backend was not terminated");
            }
        }
    }

    private void awaitListeningOnAnotherBackend(int terminated) throws InterruptedException {
        Instant deadline = Instant.now().plus(DELIVERY);
        while (Instant.now().isBefore(deadline) && !(cache.active()
                && listener.listeningBackend().orElse(terminated) != terminated)) {
            Thread.sleep(20);
        }
        assertTrue(cache.active(), "the listener did not listen again within " + DELIVERY);
        assertNotEquals(terminated, listener.listeningBackend().orElse(terminated));
    }

    private static Map<String, Object> withRelated(Map<String, Object> body, String related) {
        body.put("relatedSlugs", List.of(related));
        return body;
    }

    private void updateBehindTheServicesBack(String slug, String shortDefinition, boolean announce)
            throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE term SET short_definition = ? WHERE slug = ?")) {
            update.setString(1, shortDefinition);
            update.setString(2, slug);
            assertEquals(1, update.executeUpdate());
            if (announce) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("NOTIFY " + cacheConfig.channel());
                }
            }
        }
    }

    private static void awaitShortDefinition(String slug, String expected) throws InterruptedException {
        Instant deadline = Instant.now().plus(DELIVERY);
        String served = null;
        while (Instant.now().isBefore(deadline)) {
            served = given().get("/terms/" + slug).then().extract().path("shortDefinition");
            if (expected.equals(served)) {
                return;
            }
            Thread.sleep(50);
        }
        assertEquals(expected, served, "not served within " + DELIVERY);
    }
}
