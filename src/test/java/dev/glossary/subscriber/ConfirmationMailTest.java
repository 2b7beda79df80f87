package dev.glossary.subscriber;

import static dev.glossary.subscriber.Subscriptions.post;
import static dev.glossary.subscriber.Subscriptions.subscribe;
import static dev.glossary.subscriber.Subscriptions.uniqueEmail;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glossary.support.Database;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ConfirmationMailTest {

    @Inject
    Subscriptions subscriptions;

    @Inject
    Database db;

    @Inject
    MockMailbox mailbox;

    @ConfigProperty(name = "glossary.public-base-url")
    String publicBaseUrl;

    @ConfigProperty(name = "quarkus.mailer.from")
    String sender;

    @Test
    void shouldSendAConfirmationLinkInTextAndHtml() {
        String email = uniqueEmail();

        Mail mail = subscriptions.subscribeAndReadMail(email);

        String token = subscriptions.confirmToken(mail);
        String link = publicBaseUrl + "/subscribers/confirm?token=" + token;
        assertEquals(sender, mailbox.getMailMessagesSentTo(email).get(0).getFrom());
        assertEquals(List.of(email), mail.getTo());
        assertEquals("Confirm your subscription to AI Economy Pulse", mail.getSubject());
        assertTrue(mail.getText().contains(link), mail.getText());
        assertTrue(mail.getHtml().contains("href=\"" + link + "\""), mail.getHtml());
        assertTrue(token.length() >= 22, "at least 128 random bits");
    }

    @Test
    void shouldCarryOneClickUnsubscribeHeaders() {
        Mail mail = subscriptions.subscribeAndReadMail(uniqueEmail());

        String unsubscribeToken = subscriptions.unsubscribeToken(mail);
        assertEquals(List.of("<" + publicBaseUrl + "/subscribers/unsubscribe?token=" + unsubscribeToken + ">"),
                mail.getHeaders().get("List-Unsubscribe"));
        assertEquals(List.of("List-Unsubscribe=One-Click"), mail.getHeaders().get("List-Unsubscribe-Post"));
        assertNotEquals(subscriptions.confirmToken(mail), unsubscribeToken, "one token per purpose");
    }

    @Test
    void shouldSendAtMostOneConfirmationMailPerInterval() {
        String email = uniqueEmail();
        subscriptions.subscribeAndReadMail(email);

        subscribe(email).then().statusCode(202);
        subscribe(email).then().statusCode(202);

        assertEquals(1, subscriptions.deliverAndRead(email).size());
        assertEquals("pending", subscriptions.status(email));
    }

    @Test
    void shouldSendNoMailToAConfirmedAddress() {
        String email = uniqueEmail();
        subscriptions.confirmedSubscriber(email);
        subscriptions.forgetLastConfirmationMail(email);

        subscribe(email).then().statusCode(202);

        assertEquals(1, subscriptions.deliverAndRead(email).size(), "only the first confirmation");
        assertEquals("confirmed", subscriptions.status(email));
    }

    @Test
    void shouldIssueAFreshTokenWhenResubscribing() {
        String email = uniqueEmail();
        Mail first = subscriptions.subscribeAndReadMail(email);
        post("/subscribers/unsubscribe", subscriptions.unsubscribeToken(first)).then().statusCode(200);
        subscriptions.forgetLastConfirmationMail(email);

        subscribe(email).then().statusCode(202);

        List<Mail> mails = subscriptions.deliverAndRead(email);
        assertEquals(2, mails.size());
        String freshToken = subscriptions.confirmToken(mails.get(1));
        assertNotEquals(subscriptions.confirmToken(first), freshToken);
        post("/subscribers/confirm", freshToken).then().statusCode(200);
        assertEquals("confirmed", subscriptions.status(email));
    }

    @Test
    void shouldStoreTokensOnlyAsSha256Hashes() throws Exception {
        String email = uniqueEmail();
        Mail mail = subscriptions.subscribeAndReadMail(email);
        String token = subscriptions.confirmToken(mail);

        byte[] stored = (byte[]) db.single("""
                SELECT t.token_hash FROM subscriber_token t JOIN subscriber s ON s.id = t.subscriber_id
                WHERE s.email = ? AND t.purpose = 'confirm'
                """, email);

        byte[] expected = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(expected, stored);
        assertEquals(0, db.count("SELECT count(*) FROM subscriber_token WHERE token_hash = convert_to(?, 'UTF8')",
                token), "the raw token is not stored");
    }

    @Test
    void shouldBlankTheOutboxTokensOnceTheMailIsSent() {
        String email = uniqueEmail();
        subscriptions.subscribeAndReadMail(email);

        String state = db.string("""
                SELECT o.state FROM mail_outbox o JOIN subscriber s ON s.id = o.subscriber_id WHERE s.email = ?
                """, email);
        Object confirmToken = db.single("""
                SELECT coalesce(o.confirm_token, o.unsubscribe_token)
                FROM mail_outbox o JOIN subscriber s ON s.id = o.subscriber_id WHERE s.email = ?
                """, email);
        assertEquals("sent", state);
        assertNull(confirmToken);
    }

    @Test
    void shouldRenderEveryPlaceholder() {
        Mail mail = subscriptions.subscribeAndReadMail(uniqueEmail());

        assertTrue(mail.getHtml().contains("AI Economy Pulse"));
        assertFalse(mail.getHtml().contains("{newsletter}"), "every placeholder rendered");
        assertFalse(mail.getText().contains("{"), "every placeholder rendered");
    }
}
