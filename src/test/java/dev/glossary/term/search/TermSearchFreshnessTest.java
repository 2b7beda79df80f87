package dev.glossary.term.search;

import static dev.glossary.support.Eventually.await;
import static dev.glossary.support.TermFixtures.body;
import static dev.glossary.support.TermFixtures.createTerm;
import static dev.glossary.support.TestUsers.asEditor;
import static io.restassured.RestAssured.given;

import dev.glossary.support.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A committed write is searchable, or gone from search, within a second (issue 23), whatever its path. */
@QuarkusTest
class TermSearchFreshnessTest {

    private static final Duration FRESH = Duration.ofSeconds(1);

    @Inject
    Database database;

    @Test
    void shouldFindANewTermWithinASecond() {
        String word = uniqueWord("fresh");
        String slug = createTerm(body("Freshly " + word, "Created just now"));
        await(() -> found(word).contains(slug), FRESH, "the new term in search results");
    }

    @Test
    void shouldFindARenamedTermByItsNewNameAndNoLongerByItsOldWithinASecond() {
        String before = uniqueWord("before");
        String after = uniqueWord("after");
        String slug = createTerm(body("Renamed " + before, "Renamed just now"));
        await(() -> found(before).contains(slug), FRESH, "the term under its first name");
        asEditor().contentType(ContentType.JSON).body(body("Renamed " + after, "Renamed just now"))
                .put("/terms/" + slug).then().statusCode(200);
        await(() -> found(after).contains(slug) && !found(before).contains(slug), FRESH,
                "the term under its new name only");
    }

    @Test
    void shouldNoLongerFindADeletedTermWithinASecond() {
        String word = uniqueWord("deleted");
        String slug = createTerm(body("Deleted " + word, "Deleted just now"));
        await(() -> found(word).contains(slug), FRESH, "the term before its deletion");
        asEditor().delete("/terms/" + slug).then().statusCode(204);
        await(() -> !found(word).contains(slug), FRESH, "the deleted term gone from search results");
    }

    @Test
    void shouldNoLongerSuggestADeletedTermWithinASecond() {
        String word = uniqueWord("gone");
        String slug = createTerm(body(word + " Suggested", "Deleted just now"));
        await(() -> suggested(word).contains(slug), FRESH, "the term among suggestions");
        asEditor().delete("/terms/" + slug).then().statusCode(204);
        await(() -> !suggested(word).contains(slug), FRESH, "the deleted term gone from suggestions");
    }

    @Test
    void shouldFindATermChangedOutsideTheApiWithinASecond() {
        String before = uniqueWord("sql");
        String after = uniqueWord("psql");
        String slug = createTerm(body("Edited " + before, "Edited with SQL"));
        await(() -> found(before).contains(slug), FRESH, "the term under its first name");
        // The feed's trigger tells every instance of any write, an UPDATE by hand included.
        database.update("UPDATE term SET name = ? WHERE slug = ?", "Edited " + after, slug);
        await(() -> found(after).contains(slug) && !found(before).contains(slug), FRESH,
                "the term under the name written with SQL");
    }

    private static List<String> found(String q) {
        return given().queryParam("q", q).get("/terms").then().statusCode(200).extract().path("items.slug");
    }

    private static List<String> suggested(String q) {
        return given().queryParam("q", q).get("/suggestions").then().statusCode(200).extract().path("slug");
    }

    /** A word no other term has: letters only, so that it stays one word to the analysers. */
    static String uniqueWord(String base) {
        return base + UUID.randomUUID().toString().replaceAll("[^a-f]", "").replace('a', 'q') + "x";
    }
}
