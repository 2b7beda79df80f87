package dev.glossary.subscriber;

import static dev.glossary.subscriber.Subscriptions.post;
import static dev.glossary.subscriber.Subscriptions.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.glossary.support.Database;
import io.quarkus.mailer.Mail;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

@QuarkusTest
class UnsubscribeTest {

    static final String PROBLEM = "application/problem+json";
    static final String UNSUBSCRIBED = "{\"status\":\"unsubscribed\"}";
    /** RFC 8058, section 3.1: the exact body a mail client posts. */
    static final String ONE_CLICK_BODY = "List-Unsubscribe=One-Click";

    @Inject
    Subscriptions subscriptions;

    @Inject
    Database db;

    @Test
    void shouldUnsubscribeWithTheTokenAsJson() {
        String email = uniqueEmail();
        String token = subscriptions.confirmedSubscriber(email);

        post("/subscribers/unsubscribe", token).then()
                .statusCode(200).contentType(ContentType.JSON).body(equalTo(UNSUBSCRIBED));

        assertEquals("unsubscribed", subscriptions.status(email));
        assertNotNull(db.single("SELECT unsubscribed_at FROM subscriber WHERE email = ?", email));
    }

    @Test
    void shouldUnsubscribeIdempotently() {
        String email = uniqueEmail();
        String token = subscriptions.confirmedSubscriber(email);
        post("/subscribers/unsubscribe", token).then().statusCode(200);
        Object unsubscribedAt = db.single("SELECT unsubscribed_at FROM subscriber WHERE email = ?", email);

        post("/subscribers/unsubscribe", token).then().statusCode(200).body(equalTo(UNSUBSCRIBED));

        assertEquals(unsubscribedAt, db.single("SELECT unsubscribed_at FROM subscriber WHERE email = ?", email));
    }

    @Test
    void shouldUnsubscribeWithOneClick() {
        String email = uniqueEmail();
        String token = subscriptions.confirmedSubscriber(email);

        given().redirects().follow(false)
                .contentType("application/x-www-form-urlencoded")
                .body(ONE_CLICK_BODY)
                .post("/subscribers/unsubscribe?token=" + token).then()
                .statusCode(200)
                .header("Location", nullValue())
                .body(equalTo(UNSUBSCRIBED));

        assertEquals("unsubscribed", subscriptions.status(email));
    }

    @Test
    void shouldUnsubscribeWithOneClickSentAsMultipart() {
        String email = uniqueEmail();
        String token = subscriptions.confirmedSubscriber(email);

        given().multiPart("List-Unsubscribe", "One-Click")
                .post("/subscribers/unsubscribe?token=" + token).then()
                .statusCode(200).body(equalTo(UNSUBSCRIBED));

        assertEquals("unsubscribed", subscriptions.status(email));
    }

    @Test
    void shouldUnsubscribeFromThePageForm() {
        String email = uniqueEmail();
        String token = subscriptions.confirmedSubscriber(email);

        given().contentType(ContentType.URLENC).accept("text/html").formParam("token", token)
                .post("/subscribers/unsubscribe").then()
                .statusCode(200).contentType(ContentType.HTML)
                .body(containsString("You are unsubscribed"));

        assertEquals("unsubscribed", subscriptions.status(email));
    }

    @Test
    void shouldUnsubscribeAPendingAddress() {
        String email = uniqueEmail();
        Mail mail = subscriptions.subscribeAndReadMail(email);

        post("/subscribers/unsubscribe", subscriptions.unsubscribeToken(mail)).then().statusCode(200);

        assertEquals("unsubscribed", subscriptions.status(email));
    }

    @Test
    void shouldAnswer404ForAnUnknownToken() {
        post("/subscribers/unsubscribe", "unknown-token").then().statusCode(404).contentType(PROBLEM);
        given().contentType(ContentType.URLENC).body(ONE_CLICK_BODY)
                .post("/subscribers/unsubscribe?token=unknown-token").then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void shouldNotUnsubscribeWithAConfirmationToken() {
        String email = uniqueEmail();
        Mail mail = subscriptions.subscribeAndReadMail(email);

        post("/subscribers/unsubscribe", subscriptions.confirmToken(mail)).then().statusCode(404).contentType(PROBLEM);

        assertEquals("pending", subscriptions.status(email));
    }

    @Test
    void shouldKeepUnsubscribeLinksWorkingWhenConfirmationLinksHaveExpired() {
        String email = uniqueEmail();
        String token = subscriptions.confirmedSubscriber(email);
        db.update("""
                UPDATE subscriber_token SET expires_at = now() - interval '400 days'
                WHERE purpose = 'confirm' AND subscriber_id = ?
                """, subscriptions.id(email));

        post("/subscribers/unsubscribe", token).then().statusCode(200);
    }

    @Test
    void shouldRefuseAOneClickWithoutToken() {
        given().contentType(ContentType.URLENC).body(ONE_CLICK_BODY).post("/subscribers/unsubscribe").then()
                .statusCode(400).contentType(PROBLEM);
    }

    @Test
    void shouldRefuseMalformedJson() {
        given().contentType(ContentType.JSON).body("{\"token\"").post("/subscribers/unsubscribe").then()
                .statusCode(400).contentType(PROBLEM);
    }
}
