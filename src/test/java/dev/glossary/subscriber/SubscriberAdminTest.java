package dev.glossary.subscriber;

import static dev.glossary.subscriber.Subscriptions.post;
import static dev.glossary.subscriber.Subscriptions.subscribe;
import static dev.glossary.subscriber.Subscriptions.uniqueEmail;
import static dev.glossary.support.TestUsers.asAdmin;
import static dev.glossary.support.TestUsers.asEditor;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glossary.support.Database;
import dev.glossary.support.TestUsers;
import io.quarkus.mailer.Mail;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SubscriberAdminTest {

    static final String PROBLEM = "application/problem+json";

    @Inject
    Subscriptions subscriptions;

    @Inject
    Database db;

    @Test
    void shouldListSubscribersNewestFirstForAdmins() {
        String email = uniqueEmail();
        subscriptions.confirmedSubscriber(email);

        JsonPath page = asAdmin().queryParam("size", 1).get("/subscribers").then()
                .statusCode(200)
                .header("Link", containsString("rel=\"next\""))
                .body("page", equalTo(0))
                .body("size", equalTo(1))
                .extract().jsonPath();

        Map<String, Object> item = page.getMap("items[0]");
        assertEquals(email, item.get("email"));
        assertEquals("confirmed", item.get("status"));
        assertEquals("test", item.get("source"));
        assertEquals(subscriptions.id(email), ((Number) item.get("id")).longValue());
        assertNotNull(item.get("createdAt"));
        assertNotNull(item.get("confirmedAt"));
        assertTrue(item.containsKey("unsubscribedAt") && item.get("unsubscribedAt") == null);
        assertEquals(7, item.size(), "exactly the documented fields");
    }

    @Test
    void shouldFilterByStatus() {
        String email = uniqueEmail();
        post("/subscribers/unsubscribe", subscriptions.confirmedSubscriber(email)).then().statusCode(200);

        asAdmin().queryParam("status", "unsubscribed").queryParam("size", 100).get("/subscribers").then()
                .statusCode(200)
                .body("items.status", everyItem(equalTo("unsubscribed")))
                .body("items.email", hasItem(email))
                .body("items.find { it.email == '" + email + "' }.unsubscribedAt", notNullValue());
        asAdmin().queryParam("status", "pending").get("/subscribers").then()
                .statusCode(200).body("items.status", everyItem(equalTo("pending")));
    }

    @Test
    void shouldRefuseAnUnknownStatus() {
        asAdmin().queryParam("status", "lost").get("/subscribers").then()
                .statusCode(400).contentType(PROBLEM).body("errors.field", hasItem("status"));
    }

    @Test
    void shouldForbidEditors() {
        asEditor().get("/subscribers").then().statusCode(403).contentType(PROBLEM);
        asEditor().delete("/subscribers/1").then().statusCode(403).contentType(PROBLEM);
    }

    @Test
    void shouldAskForCredentials() {
        given().get("/subscribers").then().statusCode(401).contentType(PROBLEM)
                .header("WWW-Authenticate", containsString("Basic"));
        given().delete("/subscribers/1").then().statusCode(401).contentType(PROBLEM);
    }

    @Test
    void shouldEraseASubscriberWithoutTrace() {
        String email = uniqueEmail();
        Mail mail = subscriptions.subscribeAndReadMail(email);
        long id = subscriptions.id(email);
        subscriptions.forgetLastConfirmationMail(email);
        subscribe(email).then().statusCode(202);

        asAdmin().delete("/subscribers/" + id).then().statusCode(204);

        assertEquals(0, db.count("SELECT count(*) FROM subscriber WHERE id = ? OR email = ?", id, email));
        assertEquals(0, db.count("SELECT count(*) FROM subscriber_token WHERE subscriber_id = ?", id));
        assertEquals(0, db.count("SELECT count(*) FROM mail_outbox WHERE subscriber_id = ?", id));
        post("/subscribers/confirm", subscriptions.confirmToken(mail)).then().statusCode(404);
        post("/subscribers/unsubscribe", subscriptions.unsubscribeToken(mail)).then().statusCode(404);
    }

    @Test
    void shouldAnswer404WhenErasingAnUnknownSubscriber() {
        asAdmin().delete("/subscribers/" + Long.MAX_VALUE).then().statusCode(404).contentType(PROBLEM);
        asAdmin().delete("/subscribers/abc").then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void shouldRecordConsent() {
        String email = uniqueEmail();
        subscriptions.confirmedSubscriber(email);

        assertEquals(1, db.count("""
                SELECT count(*) FROM subscriber
                WHERE email = ? AND source = 'test' AND subscribed_at IS NOT NULL
                  AND confirmed_at >= subscribed_at
                """, email));
    }

    @Test
    void shouldRefuseAPageSizeOutOfRange() {
        asAdmin().queryParam("size", 0).get("/subscribers").then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void shouldShowNullSourceWhenNoneWasGiven() {
        String email = uniqueEmail();
        given().contentType("application/json").body(Map.of("email", email)).post("/subscribers").then()
                .statusCode(202);

        asAdmin().queryParam("status", "pending").queryParam("size", 100).get("/subscribers").then()
                .statusCode(200)
                .body("items.find { it.email == '" + email + "' }.source", nullValue());
    }
}
