package dev.glossary.webhook;

import static dev.glossary.support.TestUsers.asAdmin;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** What delivery tests share: registering endpoints and waiting, with a deadline, for deliveries. */
final class Webhooks {

    static final List<String> TERM_EVENTS = List.of("term.created", "term.updated", "term.deleted");
    private static final ObjectMapper JSON = new ObjectMapper();

    record Endpoint(long id, String secret) {
    }

    private Webhooks() {
    }

    static Endpoint register(String url, List<String> events) {
        ExtractableResponse<Response> created = asAdmin().contentType(ContentType.JSON)
                .body(Map.of("url", url, "events", events))
                .post("/webhooks").then().statusCode(201).extract();
        return new Endpoint(created.jsonPath().getLong("id"), created.path("secret"));
    }

    static void remove(Endpoint endpoint) {
        asAdmin().delete("/webhooks/" + endpoint.id());
    }

    static JsonNode payload(WebhookReceiver.Received received) {
        try {
            return JSON.readTree(received.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The deliveries about one term, in the order they arrived. */
    static List<WebhookReceiver.Received> about(WebhookReceiver receiver, String termId) {
        return receiver.received().stream()
                .filter(received -> termId.equals(payload(received).path("data").path("id").asText())).toList();
    }

    /** Runs the sender until the condition holds; fails after the deadline. */
    static void deliverUntil(WebhookSender sender, Duration deadline, String what, BooleanSupplier condition) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("not within " + deadline + ": " + what);
            }
            sender.deliverDue();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }
}
