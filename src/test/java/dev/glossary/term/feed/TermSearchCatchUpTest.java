package dev.glossary.term.feed;

import static dev.glossary.support.Eventually.await;
import static dev.glossary.support.TermFixtures.body;
import static dev.glossary.support.TermFixtures.createTerm;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glossary.support.Database;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A change whose NOTIFY the listener missed still reaches the search index within a second: it reads the feed from its last seq. */
@QuarkusTest
class TermSearchCatchUpTest {

    private static final Duration FRESH = Duration.ofSeconds(1);
    private static final Duration PATIENCE = Duration.ofSeconds(5);

    @Inject
    TermChangeListener listener;

    @Inject
    Database database;

    @Test
    void shouldDropATermDeletedWhileTheListenerWasDisconnected() {
        await(() -> listener.listeningBackend().isPresent(), PATIENCE, "the listener to listen");
        String word = "missed" + Long.toString(System.nanoTime(), 36).replaceAll("[0-9]", "q");
        String slug = createTerm(body("Missed " + word, "Deleted while nobody listened"));
        await(() -> found(word).contains(slug), FRESH, "the term in search results");
        int backend = listener.listeningBackend().orElseThrow();
        assertTrue(database.count("SELECT count(*) FROM (SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity "
                + "WHERE pid = ? AND application_name = ?) terminated WHERE done", backend, TermChangeListener.APPLICATION_NAME) == 1,
                "the listener's backend was not terminated");
        database.update("DELETE FROM term WHERE slug = ?", slug);
        await(() -> !found(word).contains(slug), FRESH, "the deleted term gone from search results");
    }

    private static List<String> found(String q) {
        return given().queryParam("q", q).get("/terms").then().statusCode(200).extract().path("items.slug");
    }
}
