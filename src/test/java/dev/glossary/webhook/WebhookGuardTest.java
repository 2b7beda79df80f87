package dev.glossary.webhook;

import static dev.glossary.support.TermFixtures.createTerm;
import static dev.glossary.support.TermFixtures.uniqueName;
import static dev.glossary.support.TestUsers.asAdmin;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glossary.support.Database;
import dev.glossary.support.LimitsAndOrigins;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SSRF guard as production runs it (GLOSSARY_WEBHOOKS_ALLOW_PRIVATE_TARGETS unset). */
@QuarkusTest
@TestProfile(LimitsAndOrigins.class)
class WebhookGuardTest {

    @Inject
    WebhookSender sender;

    @Inject
    Database database;

    @Test
    void shouldRefuseToRegisterAPrivateTarget() {
        for (String url : List.of("http://127.0.0.1:8080/hook", "http://localhost/hook", "http://169.254.169.254/",
                "http://[::1]/", "http://10.0.0.7/")) {
            asAdmin().contentType(ContentType.JSON).body(Map.of("url", url, "events", List.of("term.created")))
                    .post("/webhooks").then().statusCode(400).contentType("application/problem+json")
                    .body("errors.field", hasItem("url"));
        }
    }

    @Test
    void shouldNotCallATargetThatResolvesToLoopbackAtDelivery() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            // Registered while its name pointed elsewhere; by now it resolves to 127.0.0.1.
            String url = receiver.url().replace("127.0.0.1", "localhost");
            long id = ((Number) database.single("INSERT INTO webhook_endpoint (url, events, secret)"
                    + " VALUES (?, ARRAY['term.created'], decode(repeat('ab', 32), 'hex')) RETURNING id", url)).longValue();
            try {
                createTerm(uniqueName("Guarded"));
                Webhooks.deliverUntil(sender, Duration.ofSeconds(30), "an attempt", () -> database.count(
                        "SELECT count(*) FROM webhook_delivery WHERE endpoint_id = ? AND attempts > 0", id) > 0);
                assertTrue(receiver.received().isEmpty(), "the loopback receiver was called");
                asAdmin().get("/webhooks/" + id + "/deliveries").then().statusCode(200)
                        .body("items[0].status", equalTo("pending")).body("items[0].responseStatus", nullValue());
                String error = database.string("SELECT last_error FROM webhook_delivery WHERE endpoint_id = ?", id);
                assertTrue(error.startsWith("not sent: must not point at a private, loopback or link-local address"), error);
            } finally {
                asAdmin().delete("/webhooks/" + id);
            }
        }
    }
}
