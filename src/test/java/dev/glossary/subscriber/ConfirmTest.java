package dev.glossary.subscriber;

import static dev.glossary.subscriber.Subscriptions.post;
import static dev.glossary.subscriber.Subscriptions.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.glossary.support.Database;
import io.quarkus.mailer.Mail;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ConfirmTest {

    static final String PROBLEM = "application/problem+json";
    static final String CONFIRMED = "{\"status\":\"confirmed\"}";

    @Inject
    Subscriptions subscriptions;

    @Inject
    Database db;

    @Test
    void shouldConfirmWithTheTokenAsJson() {
        String email = uniqueEmail();
        String token = subscriptions.confirmToken(subscriptions.subscribeAndReadMail(email));

        post("/subscribers/confirm", token).then()
                .statusCode(200).contentType(ContentType.JSON).body(equalTo(CONFIRMED));

        assertEquals("confirmed", subscriptions.status(email));
        assertNotNull(db.single("SELECT confirmed_at FROM subscriber WHERE email = ?", email));
    }

    @Test
    void shouldConfirmIdempotently() {
        String email = uniqueEmail();
        String token = subscriptions.confirmToken(subscriptions.subscribeAndReadMail(email));
        post("/subscribers/confirm", token).then().statusCode(200);
        Object confirmedAt = db.single("SELECT confirmed_at FROM subscriber WHERE email = ?", email);

        post("/subscribers/confirm", token).then().statusCode(200).body(equalTo(CONFIRMED));

        assertEquals(confirmedAt, db.single("SELECT confirmed_at FROM subscriber WHERE email = ?", email));
    }

    @Test
    void shouldConfirmWithTheTokenAsAFormField() {
        String email = uniqueEmail();
        String token = subscriptions.confirmToken(subscriptions.subscribeAndReadMail(email));

        given().contentType(ContentType.URLENC).accept(ContentType.JSON).formParam("token", token)
                .post("/subscribers/confirm").then()
                .statusCode(200).contentType(ContentType.JSON).body(equalTo(CONFIRMED));

        assertEquals("confirmed", subscriptions.status(email));
    }

    @Test
    void shouldShowAPageToABrowserSubmittingTheForm() {
        String email = uniqueEmail();
        String token = subscriptions.confirmToken(subscriptions.subscribeAndReadMail(email));

        given().contentType(ContentType.URLENC)
                .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
                .formParam("token", token)
                .post("/subscribers/confirm").then()
                .statusCode(200).contentType(ContentType.HTML)
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .body(containsString("You are subscribed"));

        assertEquals("confirmed", subscriptions.status(email));
    }

    @Test
    void shouldAnswer404ForAnUnknownToken() {
        post("/subscribers/confirm", "unknown-" + uniqueEmail().hashCode()).then()
                .statusCode(404).contentType(PROBLEM);
    }

    @Test
    void shouldAnswer410ForAnExpiredToken() {
        String email = uniqueEmail();
        String token = subscriptions.confirmToken(subscriptions.subscribeAndReadMail(email));
        db.update("""
                UPDATE subscriber_token SET expires_at = now() - interval '1 second'
                WHERE purpose = 'confirm' AND subscriber_id = (SELECT id FROM subscriber WHERE email = ?)
                """, email);

        post("/subscribers/confirm", token).then()
                .statusCode(410).contentType(PROBLEM).body("detail", containsString("expired"));

        assertEquals("pending", subscriptions.status(email));
    }

    @Test
    void shouldNotConfirmWithAnUnsubscribeToken() {
        String email = uniqueEmail();
        Mail mail = subscriptions.subscribeAndReadMail(email);

        post("/subscribers/confirm", subscriptions.unsubscribeToken(mail)).then().statusCode(404).contentType(PROBLEM);

        assertEquals("pending", subscriptions.status(email));
    }

    @Test
    void shouldAnswer410ForAConfirmationAfterUnsubscribing() {
        String email = uniqueEmail();
        Mail mail = subscriptions.subscribeAndReadMail(email);
        post("/subscribers/unsubscribe", subscriptions.unsubscribeToken(mail)).then().statusCode(200);

        post("/subscribers/confirm", subscriptions.confirmToken(mail)).then().statusCode(410).contentType(PROBLEM);

        assertEquals("unsubscribed", subscriptions.status(email));
    }

    @Test
    void shouldRefuseABlankToken() {
        post("/subscribers/confirm", " ").then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItem("token"));
        given().contentType(ContentType.URLENC).formParam("token", "").post("/subscribers/confirm").then()
                .statusCode(400).contentType(PROBLEM).body("errors.field", hasItem("token"));
    }

    @Test
    void shouldRefuseAnOverlongToken() {
        post("/subscribers/confirm", "t".repeat(101)).then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void shouldRefuseAnUnknownField() {
        given().contentType(ContentType.JSON).body(Map.of("token", "abc", "email", "reader@example.org"))
                .post("/subscribers/confirm").then()
                .statusCode(400).contentType(PROBLEM).body("detail", equalTo("Unknown field 'email'"));
    }

    @Test
    void shouldRefuseATokenOfTheWrongType() {
        given().contentType(ContentType.JSON).body("{\"token\": {\"value\": 1}}").post("/subscribers/confirm").then()
                .statusCode(400).contentType(PROBLEM);
    }
}
