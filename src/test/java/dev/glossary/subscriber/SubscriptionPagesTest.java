package dev.glossary.subscriber;

import static dev.glossary.subscriber.Subscriptions.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glossary.support.Database;
import io.quarkus.mailer.Mail;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SubscriptionPagesTest {

    @Inject
    Subscriptions subscriptions;

    @Inject
    Database db;

    @Test
    void shouldServeAConfirmPageThatChangesNothing() {
        String email = uniqueEmail();
        String token = subscriptions.confirmToken(subscriptions.subscribeAndReadMail(email));

        given().queryParam("token", token).get("/subscribers/confirm").then()
                .statusCode(200)
                .contentType(ContentType.HTML)
                .body(containsString("<form method=\"post\" action=\"confirm\">"))
                .body(containsString("<input type=\"hidden\" name=\"token\" value=\"" + token + "\">"));

        assertEquals("pending", subscriptions.status(email));
        assertEquals(0, db.count("SELECT count(*) FROM subscriber WHERE email = ? AND confirmed_at IS NOT NULL", email));
    }

    @Test
    void shouldServeAnUnsubscribePageThatChangesNothing() {
        String email = uniqueEmail();
        String token = subscriptions.confirmedSubscriber(email);

        given().queryParam("token", token).get("/subscribers/unsubscribe").then()
                .statusCode(200)
                .contentType(ContentType.HTML)
                .body(containsString("<form method=\"post\" action=\"unsubscribe\">"))
                .body(containsString("value=\"" + token + "\""));

        assertEquals("confirmed", subscriptions.status(email));
    }

    @Test
    void shouldEscapeTheTokenItEchoes() {
        String hostile = "\"><script>alert(1)</script>";

        given().queryParam("token", hostile).get("/subscribers/confirm").then()
                .statusCode(200)
                .body(not(containsString("<script>")))
                .body(containsString("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
    }

    @Test
    void shouldSendAStrictContentSecurityPolicy() {
        Response page = given().queryParam("token", "any").get("/subscribers/unsubscribe");

        String policy = page.header("Content-Security-Policy");
        assertTrue(policy.contains("default-src 'none'"), policy);
        assertTrue(policy.contains("form-action 'self'"), policy);
        assertTrue(policy.contains("frame-ancestors 'none'"), policy);
        assertTrue(policy.contains("base-uri 'none'"), policy);
        assertTrue(!policy.contains("script-src") && !policy.contains("unsafe-inline"), policy);
        assertEquals("no-referrer", page.header("Referrer-Policy"));
        assertEquals("no-store", page.header("Cache-Control"));
        assertEquals("nosniff", page.header("X-Content-Type-Options"));
    }

    @Test
    void shouldAllowExactlyTheStyleThePageCarries() throws Exception {
        Response page = given().queryParam("token", "any").get("/subscribers/confirm");

        Matcher style = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL).matcher(page.asString());
        assertTrue(style.find());
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(style.group(1).getBytes(StandardCharsets.UTF_8));
        String expected = "style-src 'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
        assertTrue(page.header("Content-Security-Policy").contains(expected), page.header("Content-Security-Policy"));
    }

    @Test
    void shouldRefuseAPageWithoutToken() {
        given().get("/subscribers/confirm").then().statusCode(400).contentType("application/problem+json");
        given().get("/subscribers/unsubscribe").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void shouldLeaveTheUnsubscribeLinkOfAMailUnusedWhenOpened() {
        String email = uniqueEmail();
        Mail mail = subscriptions.subscribeAndReadMail(email);
        String link = mail.getHeaders().get("List-Unsubscribe").get(0);
        String path = link.substring(link.indexOf("/subscribers/"), link.length() - 1);

        given().get(path).then().statusCode(200);

        assertEquals("pending", subscriptions.status(email));
    }
}
