package dev.glossary.term.feed;

import static dev.glossary.support.TermFixtures.body;
import static dev.glossary.support.TermFixtures.createTerm;
import static dev.glossary.support.TermFixtures.uniqueName;
import static dev.glossary.support.TestUsers.asEditor;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glossary.common.CursorSigner;
import dev.glossary.support.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

@QuarkusTest
class ChangeFeedResourceTest {

    @Inject
    CursorSigner signer;

    @Inject
    Database database;

    /** The changes from a cursor (null: the start) to the end of the feed, and the cursor to read on with. */
    private record Walk(List<Map<String, Object>> changes, String cursor) {

        List<Map<String, Object>> of(String id) {
            return changes.stream().filter(change -> id.equals(change.get("id"))).toList();
        }
    }

    private static Walk walk(String cursor) {
        List<Map<String, Object>> changes = new ArrayList<>();
        boolean more = true;
        while (more) {
            JsonPath page = (cursor == null ? given() : given().queryParam("cursor", cursor))
                    .queryParam("limit", 1000).get("/changes")
                    .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();
            changes.addAll(page.getList("changes"));
            cursor = page.getString("nextCursor");
            more = page.getBoolean("hasMore");
        }
        return new Walk(changes, cursor);
    }

    private static String idOf(String slug) {
        return given().get("/terms/" + slug).then().statusCode(200).extract().path("id");
    }

    @Test
    void shouldListEveryTermFromTheStart() {
        String slug = createTerm(uniqueName("Sync Start"));

        Walk feed = walk(null);

        for (String known : List.of(slug, "transfer-learning", "fine-tuning", "artificial-general-intelligence")) {
            List<Map<String, Object>> changes = feed.of(idOf(known));
            assertEquals(1, changes.size(), known);
            Map<String, Object> change = changes.get(0);
            assertEquals(known, change.get("slug"));
            JsonPath term = JsonPath.from(given().get("/terms/" + known).asString());
            assertEquals(term.getInt("revision"), change.get("revision"));
            assertEquals(term.getMap("$"), change.get("term"));
        }
    }

    @Test
    void shouldReportCreationRenameAndDeletion() {
        String start = walk(null).cursor();
        String name = uniqueName("Sync Life");
        String slug = createTerm(name);
        String id = idOf(slug);

        Walk created = walk(start);
        Map<String, Object> creation = created.of(id).get(0);
        assertEquals("created", creation.get("type"));
        assertEquals(1, creation.get("revision"));
        assertFalse(creation.containsKey("previousSlug"));

        Map<String, Object> renamed = body(name, "Renamed.");
        renamed.put("slug", slug + "-renamed");
        asEditor().contentType(ContentType.JSON).body(renamed).put("/terms/" + slug).then().statusCode(200);
        Walk updated = walk(created.cursor());
        Map<String, Object> update = updated.of(id).get(0);
        assertEquals("updated", update.get("type"));
        assertEquals(slug + "-renamed", update.get("slug"));
        assertEquals(slug, update.get("previousSlug"));
        assertEquals(2, update.get("revision"));

        asEditor().delete("/terms/" + slug + "-renamed").then().statusCode(204);
        Walk deleted = walk(updated.cursor());
        Map<String, Object> deletion = deleted.of(id).get(0);
        assertEquals("deleted", deletion.get("type"));
        assertEquals(slug + "-renamed", deletion.get("slug"));
        assertTrue(deletion.containsKey("term"));
        assertNull(deletion.get("term"));
    }

    @Test
    void shouldCompactATermToItsLatestChange() {
        String start = walk(null).cursor();
        String name = uniqueName("Sync Compact");
        String slug = createTerm(name);
        asEditor().contentType(ContentType.JSON).body(body(name, "Second.")).put("/terms/" + slug).then().statusCode(200);
        asEditor().contentType(ContentType.JSON).body(body(name, "Third.")).put("/terms/" + slug).then().statusCode(200);

        List<Map<String, Object>> changes = walk(start).of(idOf(slug));

        assertEquals(1, changes.size());
        assertEquals(3, changes.get(0).get("revision"));
        assertEquals("Third.", ((Map<?, ?>) changes.get(0).get("term")).get("shortDefinition"));
    }

    @Test
    void shouldReturnNothingNewWhenNothingChanged() {
        String cursor = walk(null).cursor();

        given().queryParam("cursor", cursor).get("/changes").then().statusCode(200)
                .header("Link", containsString("rel=\"next\""))
                .body("changes.size()", equalTo(0)).body("hasMore", equalTo(false));
    }

    /** A poll at the end is answered from memory once nothing changed since a read: with the headers of every answer. */
    @Test
    void shouldAnswerRepeatedIdlePollsLikeAnyOther() {
        String cursor = walk(null).cursor();
        given().queryParam("cursor", cursor).get("/changes").then().statusCode(200);

        String next = given().queryParam("cursor", cursor).queryParam("limit", 5).get("/changes").then().statusCode(200)
                .contentType("application/json").header("Cache-Control", "public, max-age=5")
                .header("Link", org.hamcrest.Matchers.allOf(containsString("limit=5"), containsString("rel=\"next\"")))
                .body("changes.size()", equalTo(0)).body("hasMore", equalTo(false))
                .extract().path("nextCursor");
        assertEquals(seqOf(cursor), seqOf(next));
    }

    /** Every page is streamed while it is read, whatever other query parameters come with it. */
    @Test
    void shouldServeTheSamePageStreamedOrWhole() {
        createTerm(uniqueName("Sync Same Page"));

        JsonPath streamed = given().queryParam("limit", 3).get("/changes").then().statusCode(200)
                .header("Transfer-Encoding", "chunked").extract().jsonPath();
        JsonPath whole = given().queryParam("limit", 3).queryParam("unrelated", "1").get("/changes").then().statusCode(200)
                .header("Transfer-Encoding", "chunked").extract().jsonPath();
        assertEquals(whole.getList("changes"), streamed.getList("changes"));
        assertEquals(whole.getBoolean("hasMore"), streamed.getBoolean("hasMore"));
        assertEquals(seqOf(whole.getString("nextCursor")), seqOf(streamed.getString("nextCursor")));
    }

    @Test
    void shouldStillRefuseBadInputWhenPollingIdle() {
        String cursor = walk(null).cursor();
        given().queryParam("cursor", cursor).get("/changes").then().statusCode(200);

        given().queryParam("cursor", cursor).queryParam("limit", 0).get("/changes").then().statusCode(400)
                .contentType("application/problem+json");
        given().queryParam("cursor", cursor).accept("text/html").get("/changes").then().statusCode(406);
    }

    @Test
    void shouldSeeAnApiWriteInThePollRightAfterIt() {
        String cursor = walk(null).cursor();
        given().queryParam("cursor", cursor).get("/changes").then().statusCode(200);

        String slug = createTerm(uniqueName("Sync Right After"));
        assertEquals(1, walk(cursor).of(idOf(slug)).size());
    }

    /** The seq a cursor stands at (its signed payload is "changes:seq:epoch-second"). */
    private String seqOf(String cursor) {
        return signer.verify(cursor).orElseThrow().split(":")[1];
    }

    @Test
    void shouldPageWithLimitAndLinkToTheNextPage() {
        createTerm(uniqueName("Sync Page A"));
        createTerm(uniqueName("Sync Page B"));

        JsonPath first = given().queryParam("limit", 1).get("/changes").then().statusCode(200)
                .header("Link", containsString("cursor=")).extract().jsonPath();
        assertEquals(1, first.getList("changes").size());
        assertTrue(first.getBoolean("hasMore"));
        long seq = first.getLong("changes[0].seq");
        given().queryParam("limit", 1).queryParam("cursor", first.getString("nextCursor")).get("/changes")
                .then().statusCode(200).body("changes[0].seq", org.hamcrest.Matchers.greaterThan((int) seq));
    }

    @Test
    void shouldRefuseALimitOutOfRange() {
        given().queryParam("limit", 0).get("/changes").then().statusCode(400).contentType("application/problem+json");
        given().queryParam("limit", 1001).get("/changes").then().statusCode(400);
        given().queryParam("limit", "many").get("/changes").then().statusCode(400);
    }

    @Test
    void shouldRefuseATamperedOrForeignCursor() {
        String cursor = walk(null).cursor();
        given().queryParam("cursor", cursor.substring(0, cursor.length() - 2)).get("/changes").then().statusCode(400)
                .contentType("application/problem+json");
        given().queryParam("cursor", signer.sign("revisions:1:5")).get("/changes").then().statusCode(400);
    }

    @Test
    void shouldAnswer410ForACursorOlderThanTheRetention() {
        Instant old = Instant.now().minus(Duration.ofDays(91));
        String expired = signer.sign("changes:1:" + old.getEpochSecond());

        given().queryParam("cursor", expired).get("/changes").then().statusCode(410)
                .contentType("application/problem+json")
                .body("detail", containsString("start again without a cursor"));
    }

    @Test
    void shouldLetAWalkThroughChangesOlderThanTheRetentionGoOn() {
        createTerm(uniqueName("Sync Old A"));
        createTerm(uniqueName("Sync Old B"));
        given().get("/changes").then().statusCode(200);
        database.update("UPDATE term_change SET published_at = published_at - interval '100 days' "
                + "WHERE seq IN (SELECT seq FROM term_change WHERE seq IS NOT NULL ORDER BY seq LIMIT 2)");

        String cursor = given().queryParam("limit", 1).get("/changes").then().statusCode(200)
                .body("hasMore", equalTo(true)).extract().path("nextCursor");

        given().queryParam("limit", 1).queryParam("cursor", cursor).get("/changes").then().statusCode(200)
                .body("changes.size()", equalTo(1));
    }

    /**
     * A transaction that changes a term and stays open while a later write commits and a reader
     * walks past it: once it commits, the reader's cursor still leads to its change.
     */
    @Test
    void shouldNeverPassOverAChangeThatCommitsLate() throws Exception {
        String slow = createTerm(uniqueName("Sync Slow"));
        String slowId = idOf(slow);
        String cursor = walk(null).cursor();

        try (Connection writer = openConnection()) {
            writer.setAutoCommit(false);
            try (PreparedStatement update = writer.prepareStatement(
                    "UPDATE term SET short_definition = 'Committed late.', updated_at = now() WHERE slug = ?")) {
                update.setString(1, slow);
                assertEquals(1, update.executeUpdate());
            }

            String fast = createTerm(uniqueName("Sync Fast"));
            Walk whileOpen = walk(cursor);
            assertEquals(1, whileOpen.of(idOf(fast)).size());
            assertEquals(0, whileOpen.of(slowId).size());

            writer.commit();
            // Written outside the API: the reader hears of it by migration V11's NOTIFY, a moment after the commit.
            List<Map<String, Object>> late = walkUntilChanged(whileOpen.cursor(), slowId);
            assertEquals(1, late.size());
            assertEquals(2, late.get(0).get("revision"));
            assertEquals("Committed late.", ((Map<?, ?>) late.get(0).get("term")).get("shortDefinition"));
        }
        // Published for good: a connection outside the application's pool sees the seq too.
        try (Connection other = openConnection();
                PreparedStatement unpublished = other.prepareStatement(
                        "SELECT count(*) FROM term_change WHERE seq IS NULL AND public_id = ?::uuid")) {
            unpublished.setString(1, slowId);
            try (var rows = unpublished.executeQuery()) {
                rows.next();
                assertEquals(0, rows.getLong(1));
            }
        }
    }

    /** The changes of a term from a cursor on, read again until there are some (for at most five seconds). */
    private static List<Map<String, Object>> walkUntilChanged(String cursor, String id) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(5);
        List<Map<String, Object>> changes = walk(cursor).of(id);
        while (changes.isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
            changes = walk(cursor).of(id);
        }
        return changes;
    }

    /** A connection of its own, outside the application's pool and transactions. */
    private static Connection openConnection() throws Exception {
        var config = ConfigProvider.getConfig();
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(config.getValue("quarkus.datasource.jdbc.url", String.class));
        dataSource.setUser(config.getValue("quarkus.datasource.username", String.class));
        dataSource.setPassword(config.getValue("quarkus.datasource.password", String.class));
        dataSource.setCurrentSchema(config.getValue("glossary.db.schema", String.class) + ",public");
        return dataSource.getConnection();
    }
}
