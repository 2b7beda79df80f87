package dev.glossary.webhook;

import static dev.glossary.support.TermFixtures.body;
import static dev.glossary.support.TermFixtures.createTerm;
import static dev.glossary.support.TermFixtures.uniqueName;
import static dev.glossary.support.TestUsers.asAdmin;
import static dev.glossary.support.TestUsers.asEditor;
import static dev.glossary.webhook.Webhooks.TERM_EVENTS;
import static dev.glossary.webhook.Webhooks.about;
import static dev.glossary.webhook.Webhooks.deliverUntil;
import static dev.glossary.webhook.Webhooks.payload;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glossary.support.Database;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class WebhookDeliveryTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Inject
    WebhookSender sender;

    @Inject
    Database database;

    @Inject
    AgroalDataSource dataSource;

    private static String termId(String slug) {
        return given().get("/terms/" + slug).then().statusCode(200).extract().path("id");
    }

    private static void replace(String slug, String shortDefinition) {
        Map<String, Object> replacement = body(given().get("/terms/" + slug).then().extract().path("name"), shortDefinition);
        asEditor().contentType(ContentType.JSON).body(replacement).put("/terms/" + slug).then().statusCode(200);
    }

    private static void assertSigned(WebhookReceiver.Received received, String secret) {
        assertEquals("application/json", received.contentType());
        assertTrue(received.id().startsWith("msg_"), received.id());
        assertTrue(new StandardWebhooksVerifier(secret).verify(received.id(), received.timestamp(), received.signature(),
                received.body(), Instant.now().getEpochSecond()), "signature of " + received.id() + " does not verify");
    }

    /** The body has exactly the properties the OpenAPI document gives its schema, in that order. */
    private static void assertDocumented(JsonNode body, String eventSchema, String dataSchema) throws Exception {
        JsonNode schemas = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(given().get("/q/openapi?format=json").then().statusCode(200).extract().asString())
                .path("components").path("schemas");
        assertEquals(names(schemas.path(eventSchema).path("properties")), names(body));
        assertEquals(names(schemas.path(dataSchema).path("properties")), names(body.path("data")));
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> types(List<WebhookReceiver.Received> deliveries) {
        return deliveries.stream().map(received -> payload(received).path("type").asText()).toList();
    }

    @Test
    void shouldDeliverEveryChangeOfATermSignedAndInOrderWithItsFeedSeq() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Webhooks.Endpoint endpoint = Webhooks.register(receiver.url(), TERM_EVENTS);
            try {
                String slug = createTerm(uniqueName("Hooked"));
                String id = termId(slug);
                replace(slug, "Second version.");
                replace(slug, "Third version.");
                asEditor().delete("/terms/" + slug).then().statusCode(204);

                deliverUntil(sender, DEADLINE, "four deliveries", () -> about(receiver, id).size() >= 4);

                List<WebhookReceiver.Received> deliveries = about(receiver, id);
                assertEquals(List.of("term.created", "term.updated", "term.updated", "term.deleted"), types(deliveries));
                deliveries.forEach(received -> assertSigned(received, endpoint.secret()));
                assertEquals(4, deliveries.stream().map(WebhookReceiver.Received::id).distinct().count());
                long previousSeq = 0;
                for (WebhookReceiver.Received received : deliveries) {
                    JsonNode data = payload(received).path("data");
                    assertEquals(slug, data.path("slug").asText());
                    assertTrue(data.path("seq").canConvertToLong() && data.path("seq").asLong() >= previousSeq, data.toString());
                    previousSeq = data.path("seq").asLong();
                }
                assertEquals(List.of(1, 2, 3), deliveries.subList(0, 3).stream()
                        .map(received -> payload(received).path("data").path("revision").asInt()).toList());
                assertDocumented(payload(deliveries.get(0)), "TermWebhookEvent", "TermWebhookData");
                // The last event's seq is where the feed lists the deletion.
                Object feedSeq = database.single("SELECT seq FROM term_change WHERE public_id = ?::uuid", id);
                assertEquals(((Number) feedSeq).longValue(), previousSeq);
            } finally {
                Webhooks.remove(endpoint);
            }
        }
    }

    @Test
    void shouldRetryWithTheSameIdAndBytesAndLogTheDelivery() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Webhooks.Endpoint endpoint = Webhooks.register(receiver.url(), List.of("term.created"));
            try {
                receiver.answer(500);
                String id = termId(createTerm(uniqueName("Retried")));
                deliverUntil(sender, DEADLINE, "a first, refused attempt", () -> about(receiver, id).size() >= 1);
                receiver.answer(200);
                deliverUntil(sender, DEADLINE, "a second attempt", () -> about(receiver, id).size() >= 2);

                List<WebhookReceiver.Received> attempts = about(receiver, id);
                assertEquals(attempts.get(0).id(), attempts.get(1).id());
                assertArrayEquals(attempts.get(0).body(), attempts.get(1).body());
                attempts.forEach(received -> assertSigned(received, endpoint.secret()));

                asAdmin().get("/webhooks/" + endpoint.id() + "/deliveries").then().statusCode(200)
                        .body("totalItems", org.hamcrest.Matchers.equalTo(1))
                        .body("items[0].id", org.hamcrest.Matchers.equalTo(attempts.get(0).id()))
                        .body("items[0].event", org.hamcrest.Matchers.equalTo("term.created"))
                        .body("items[0].attempt", org.hamcrest.Matchers.equalTo(2))
                        .body("items[0].status", org.hamcrest.Matchers.equalTo("delivered"))
                        .body("items[0].responseStatus", org.hamcrest.Matchers.equalTo(200))
                        .body("items[0].at", org.hamcrest.Matchers.notNullValue());
            } finally {
                Webhooks.remove(endpoint);
            }
        }
    }

    @Test
    void shouldDeliverEverythingOnceTheReceiverIsBackWithoutChangingAnyEvent() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Webhooks.Endpoint endpoint = Webhooks.register(receiver.url(), TERM_EVENTS);
            try {
                String first = createTerm(uniqueName("Outage"));
                String firstId = termId(first);
                deliverUntil(sender, DEADLINE, "the first creation", () -> about(receiver, firstId).size() == 1);

                receiver.stop();
                String second = createTerm(uniqueName("Outage"));
                String secondId = termId(second);
                replace(first, "Changed while the receiver was down.");
                replace(second, "Changed while the receiver was down.");
                asEditor().delete("/terms/" + first).then().statusCode(204);
                deliverUntil(sender, DEADLINE, "failed attempts while down", () -> database.count(
                        "SELECT count(*) FROM webhook_delivery WHERE endpoint_id = ? AND state = 'pending' AND attempts > 0",
                        endpoint.id()) >= 2);
                receiver.start();

                deliverUntil(sender, DEADLINE, "every event after the outage",
                        () -> about(receiver, firstId).size() >= 3 && about(receiver, secondId).size() >= 2);
                assertEquals(List.of("term.created", "term.updated", "term.deleted"), types(about(receiver, firstId)));
                assertEquals(List.of("term.created", "term.updated"), types(about(receiver, secondId)));
                Map<String, byte[]> bodies = new HashMap<>();
                for (WebhookReceiver.Received received : receiver.received()) {
                    assertSigned(received, endpoint.secret());
                    byte[] earlier = bodies.putIfAbsent(received.id(), received.body());
                    if (earlier != null) {
                        assertArrayEquals(earlier, received.body(), "two contents under " + received.id());
                    }
                }
                assertEquals(0, database.count("SELECT count(*) FROM webhook_delivery WHERE endpoint_id = ? AND state <> 'delivered'",
                        endpoint.id()));
            } finally {
                Webhooks.remove(endpoint);
            }
        }
    }

    @Test
    void shouldDisableTheEndpointWhenTheReceiverAnswersGone() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Webhooks.Endpoint endpoint = Webhooks.register(receiver.url(), TERM_EVENTS);
            try {
                receiver.answer(410);
                String slug = createTerm(uniqueName("Gone"));
                String id = termId(slug);
                deliverUntil(sender, DEADLINE, "the 410", () -> about(receiver, id).size() == 1);
                assertNotNull(asAdmin().get("/webhooks/" + endpoint.id()).then().statusCode(200).extract().path("disabledAt"));

                replace(slug, "Changed after the endpoint was disabled.");
                receiver.answer(200);
                sender.deliverDue();
                sender.deliverDue();
                assertEquals(1, about(receiver, id).size());
                asAdmin().get("/webhooks/" + endpoint.id() + "/deliveries").then().statusCode(200)
                        .body("items.responseStatus", org.hamcrest.Matchers.hasItem(410));
            } finally {
                Webhooks.remove(endpoint);
            }
        }
    }

    @Test
    void shouldQueueNothingForAWriteThatRollsBack() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Webhooks.Endpoint endpoint = Webhooks.register(receiver.url(), TERM_EVENTS);
            try {
                String slug = createTerm(uniqueName("Rolled back"));
                String id = termId(slug);
                deliverUntil(sender, DEADLINE, "the creation", () -> about(receiver, id).size() == 1);
                // The write path of every term change (V9's refresh), then a rollback.
                try (Connection connection = dataSource.getConnection()) {
                    connection.setAutoCommit(false);
                    try (PreparedStatement change = connection.prepareStatement(
                            "UPDATE term SET short_definition = 'Never committed.' WHERE slug = ?");
                            PreparedStatement refresh = connection.prepareStatement(
                                    "SELECT refresh_term_documents(ARRAY(SELECT id FROM term WHERE slug = ?))")) {
                        change.setString(1, slug);
                        assertEquals(1, change.executeUpdate());
                        refresh.setString(1, slug);
                        refresh.execute();
                    }
                    connection.rollback();
                }
                sender.deliverDue();
                assertEquals(1, database.count("SELECT count(*) FROM webhook_event WHERE public_id = ?::uuid", id));
                assertEquals(1, about(receiver, id).size());
            } finally {
                Webhooks.remove(endpoint);
            }
        }
    }

    @Test
    void shouldSignWithTheOldAndTheNewSecretDuringARotation() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Webhooks.Endpoint endpoint = Webhooks.register(receiver.url(), TERM_EVENTS);
            try {
                String rotated = asAdmin().post("/webhooks/" + endpoint.id() + "/rotate-secret").then().statusCode(200)
                        .extract().path("secret");
                assertFalse(rotated.equals(endpoint.secret()));
                String id = termId(createTerm(uniqueName("Rotated")));
                deliverUntil(sender, DEADLINE, "the creation", () -> about(receiver, id).size() == 1);
                WebhookReceiver.Received received = about(receiver, id).get(0);
                assertEquals(2, received.signature().split(" ").length);
                assertSigned(received, rotated);
                assertSigned(received, endpoint.secret());

                // Once the overlap has passed, only the new secret signs.
                database.update("UPDATE webhook_endpoint SET previous_secret_until = now() - interval '1 second' WHERE id = ?",
                        endpoint.id());
                String later = termId(createTerm(uniqueName("Rotated")));
                deliverUntil(sender, DEADLINE, "a later creation", () -> about(receiver, later).size() == 1);
                WebhookReceiver.Received after = about(receiver, later).get(0);
                assertSigned(after, rotated);
                assertFalse(new StandardWebhooksVerifier(endpoint.secret()).verify(after.id(), after.timestamp(),
                        after.signature(), after.body(), Instant.now().getEpochSecond()));
            } finally {
                Webhooks.remove(endpoint);
            }
        }
    }

    @Test
    void shouldForgetFinishedEventsOlderThanTheLogRetentionOnly() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Webhooks.Endpoint endpoint = Webhooks.register(receiver.url(), TERM_EVENTS);
            try {
                receiver.answer(500);
                String pendingId = termId(createTerm(uniqueName("Kept")));
                receiver.answer(200);
                deliverUntil(sender, DEADLINE, "a first attempt", () -> about(receiver, pendingId).size() >= 1);
                database.update("UPDATE webhook_delivery SET state = 'pending', next_attempt_at = now() + interval '1 hour'"
                        + " WHERE event_id IN (SELECT id FROM webhook_event WHERE public_id = ?::uuid)", pendingId);
                String deliveredId = termId(createTerm(uniqueName("Aged out")));
                deliverUntil(sender, DEADLINE, "the second creation", () -> about(receiver, deliveredId).size() == 1);
                database.update("UPDATE webhook_event SET created_at = now() - interval '31 days' WHERE public_id IN (?::uuid, ?::uuid)",
                        pendingId, deliveredId);
                QuarkusTransaction.requiringNew().call(sender::forgetOld); // as the engine's hourly retention runs it
                assertEquals(1, database.count("SELECT count(*) FROM webhook_event WHERE public_id = ?::uuid", pendingId));
                assertEquals(0, database.count("SELECT count(*) FROM webhook_event WHERE public_id = ?::uuid", deliveredId));
            } finally {
                Webhooks.remove(endpoint);
            }
        }
    }

    @Test
    void shouldAnnounceAPublishedIssue() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Webhooks.Endpoint endpoint = Webhooks.register(receiver.url(), List.of("newsletter.issue.published"));
            try {
                String title = uniqueName("Issue announced");
                long issueId = asEditor().contentType(ContentType.JSON).body(Map.of("title", title))
                        .post("/newsletter/issues").then().statusCode(201).extract().jsonPath().getLong("id");
                deliverUntil(sender, DEADLINE, "the issue", () -> receiver.received().stream()
                        .anyMatch(received -> title.equals(payload(received).path("data").path("title").asText())));
                WebhookReceiver.Received received = receiver.received().stream()
                        .filter(r -> title.equals(payload(r).path("data").path("title").asText())).findFirst().orElseThrow();
                assertSigned(received, endpoint.secret());
                JsonNode body = payload(received);
                assertDocumented(body, "IssueWebhookEvent", "IssueWebhookData");
                assertEquals("newsletter.issue.published", body.path("type").asText());
                assertEquals(issueId, body.path("data").path("id").asLong());
                assertTrue(body.path("timestamp").asText().endsWith("Z"));
                // An endpoint for issues hears nothing of terms.
                createTerm(uniqueName("Unheard"));
                sender.deliverDue();
                assertTrue(receiver.received().stream().allMatch(r -> payload(r).path("type").asText().startsWith("newsletter.")));
            } finally {
                Webhooks.remove(endpoint);
            }
        }
    }
}
