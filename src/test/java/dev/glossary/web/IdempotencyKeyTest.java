package dev.glossary.web;

import static dev.glossary.support.TermFixtures.body;
import static dev.glossary.support.TermFixtures.uniqueName;
import static dev.glossary.support.TestUsers.asAdmin;
import static dev.glossary.support.TestUsers.asEditor;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.glossary.support.Database;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IdempotencyKeyTest {

    @Inject
    Database database;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    IdempotentWrites writes;

    private static String key() {
        return "key-" + UUID.randomUUID();
    }

    private static ExtractableResponse<Response> createTerm(String key, Map<String, Object> body) {
        return asEditor().header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .post("/terms").then().extract();
    }

    private static ExtractableResponse<Response> publishIssue(String key, String title) {
        return asEditor().header("Idempotency-Key", key).contentType(ContentType.JSON).body(Map.of("title", title))
                .post("/newsletter/issues").then().extract();
    }

    @Test
    void shouldReplayTheFirstAnswerForTheSameKeyAndBody() {
        String key = key();
        String name = uniqueName("Idempotent");
        ExtractableResponse<Response> first = createTerm(key, body(name, "Created once."));
        ExtractableResponse<Response> again = createTerm(key, body(name, "Created once."));

        assertEquals(201, first.statusCode());
        assertNull(first.header("Idempotent-Replayed"));
        assertEquals(201, again.statusCode());
        assertEquals("true", again.header("Idempotent-Replayed"));
        assertEquals(first.header("Location"), again.header("Location"));
        assertEquals(first.header("ETag"), again.header("ETag"));
        assertEquals(first.body().asString(), again.body().asString());
        assertEquals(1, database.count("SELECT count(*) FROM term WHERE name = ?", name));
    }

    @Test
    void shouldReplayIssuesAndWebhooksToo() {
        String key = key();
        String title = uniqueName("Issue once");
        ExtractableResponse<Response> first = publishIssue(key, title);
        ExtractableResponse<Response> again = publishIssue(key, title);
        assertEquals(201, again.statusCode());
        assertEquals("true", again.header("Idempotent-Replayed"));
        assertEquals(first.body().asString(), again.body().asString());
        assertEquals(1, database.count("SELECT count(*) FROM newsletter_issue WHERE title = ?", title));

        Map<String, Object> hook = Map.of("url", "https://partner.example/" + UUID.randomUUID(), "events", List.of("term.created"));
        String hookKey = key();
        ExtractableResponse<Response> created = asAdmin().header("Idempotency-Key", hookKey).contentType(ContentType.JSON)
                .body(hook).post("/webhooks").then().statusCode(201).extract();
        asAdmin().header("Idempotency-Key", hookKey).contentType(ContentType.JSON).body(hook).post("/webhooks").then()
                .statusCode(201).header("Idempotent-Replayed", "true").header("Location", created.header("Location"))
                .body("id", equalTo(created.path("id")));
        asAdmin().delete("/webhooks/" + created.path("id"));
    }

    @Test
    void shouldAnswerUnprocessableForTheSameKeyWithAnotherBody() {
        String key = key();
        createTerm(key, body(uniqueName("Original body"), "One.")).response().then().statusCode(201);
        createTerm(key, body(uniqueName("Second body"), "Two.")).response().then().statusCode(422)
                .contentType("application/problem+json");
        // The same key on another operation is another request too.
        publishIssue(key, uniqueName("Other operation")).response().then().statusCode(422);
    }

    @Test
    void shouldKeepKeysApartPerUser() {
        String key = key();
        String title = uniqueName("Per user");
        publishIssue(key, title).response().then().statusCode(201);
        asAdmin().header("Idempotency-Key", key).contentType(ContentType.JSON).body(Map.of("title", title))
                .post("/newsletter/issues").then().statusCode(201).header("Idempotent-Replayed", (String) null);
        assertEquals(2, database.count("SELECT count(*) FROM newsletter_issue WHERE title = ?", title));
    }

    @Test
    void shouldAnswerConflictWhileTheFirstRequestRuns() throws Exception {
        String key = key();
        String title = uniqueName("In flight");
        CompletableFuture<ExtractableResponse<Response>> first;
        try (Connection blocker = dataSource.getConnection(); Statement lock = blocker.createStatement()) {
            // The first request's insert waits behind this lock, with its key claimed.
            blocker.setAutoCommit(false);
            lock.execute("LOCK TABLE newsletter_issue IN EXCLUSIVE MODE");
            first = CompletableFuture.supplyAsync(() -> publishIssue(key, title));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
            while (database.count("SELECT count(*) FROM idempotency_key WHERE key = ?", key) == 0) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the first request never claimed its key");
                }
                Thread.sleep(20);
            }
            publishIssue(key, title).response().then().statusCode(409).contentType("application/problem+json");
            blocker.rollback();
        }
        assertEquals(201, first.get(10, TimeUnit.SECONDS).statusCode());
        publishIssue(key, title).response().then().statusCode(201).header("Idempotent-Replayed", "true");
        assertEquals(1, database.count("SELECT count(*) FROM newsletter_issue WHERE title = ?", title));
    }

    @Test
    void shouldRunTheRequestAgainOnceTheKeyHasExpired() {
        String key = key();
        String title = uniqueName("Expired");
        long firstId = publishIssue(key, title).jsonPath().getLong("id");
        database.update("UPDATE idempotency_key SET expires_at = now() - interval '1 second' WHERE key = ?", key);
        ExtractableResponse<Response> again = publishIssue(key, title);
        assertEquals(201, again.statusCode());
        assertNull(again.header("Idempotent-Replayed"));
        assertNotEquals(firstId, again.jsonPath().getLong("id"));
    }

    @Test
    void shouldDropExpiredKeysOnItsOwn() {
        String key = key();
        publishIssue(key, uniqueName("Dropped key")).response().then().statusCode(201);
        database.update("UPDATE idempotency_key SET expires_at = now() - interval '1 second' WHERE key = ?", key);
        writes.dropExpired();
        assertEquals(0, database.count("SELECT count(*) FROM idempotency_key WHERE key = ?", key));
    }

    @Test
    void shouldNotStoreAFailureSoThatTheRequestCanBeRetried() {
        String key = key();
        Map<String, Object> request = body(uniqueName("Related to nothing"), "Refers to a missing term.");
        request.put("relatedSlugs", List.of("no-such-term-" + UUID.randomUUID()));
        createTerm(key, request).response().then().statusCode(422);
        assertEquals(0, database.count("SELECT count(*) FROM idempotency_key WHERE key = ?", key));
        createTerm(key, request).response().then().statusCode(422).header("Idempotent-Replayed", (String) null);
    }

    @Test
    void shouldRefuseAKeyThatIsTooLongOrNotVisibleAscii() {
        for (String key : List.of("k".repeat(256), "with space", "caf\u00e9")) {
            ExtractableResponse<Response> answer = asEditor().header("Idempotency-Key", key).contentType(ContentType.JSON)
                    .body(Map.of("title", "Never")).post("/newsletter/issues").then().extract();
            assertEquals(400, answer.statusCode(), "key '" + key + "'");
            assertEquals("application/problem+json", answer.contentType());
        }
        publishIssue("k".repeat(255), uniqueName("Longest key")).response().then().statusCode(201);
    }
}
