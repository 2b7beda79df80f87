package dev.glossary.subscriber;

import static dev.glossary.subscriber.Subscriptions.post;
import static dev.glossary.subscriber.Subscriptions.subscribe;
import static dev.glossary.subscriber.Subscriptions.uniqueEmail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glossary.mail.FlakySmtp;
import dev.glossary.support.Database;
import io.agroal.api.AgroalDataSource;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MailOutboxTest {

    @Inject
    MailOutbox sender;

    @Inject
    Subscriptions subscriptions;

    @Inject
    MockMailbox mailbox;

    @Inject
    FlakySmtp smtp;

    @Inject
    Database db;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void shouldKeepAMailQueuedWhileSmtpFailsAndSendItOnALaterRun() {
        String email = uniqueEmail();
        smtp.refuseNextMailTo(email);
        subscribe(email).then().statusCode(202);

        sender.deliverDue();

        assertTrue(mailbox.getMailsSentTo(email).isEmpty());
        assertEquals("queued", outboxColumn(email, "state"));
        assertEquals("1", outboxColumn(email, "attempts"));
        assertNotNull(outboxColumn(email, "last_error"));
        assertNotNull(outboxColumn(email, "confirm_token"), "the token survives for the retry");
        assertEquals(1, db.count("""
                SELECT count(*) FROM mail_outbox o JOIN subscriber s ON s.id = o.subscriber_id
                WHERE s.email = ? AND o.next_attempt_at > now()
                """, email), "retried after a back-off");

        makeDueNow(email);
        sender.deliverDue();

        assertEquals(1, mailbox.getMailsSentTo(email).size());
        assertEquals("sent", outboxColumn(email, "state"));
    }

    @Test
    void shouldGiveUpAfterTheLastAttempt() {
        String email = uniqueEmail();
        smtp.refuseNextMailTo(email);
        subscribe(email).then().statusCode(202);
        db.update("""
                UPDATE mail_outbox SET attempts = 19
                WHERE subscriber_id = (SELECT id FROM subscriber WHERE email = ?)
                """, email);

        sender.deliverDue();

        assertEquals("failed", outboxColumn(email, "state"));
        assertNull(outboxColumn(email, "confirm_token"));
        assertEquals("pending", subscriptions.status(email), "the subscription itself is kept");
    }

    @Test
    void shouldNotSendAMailThatAnotherSenderHolds() throws Exception {
        String email = uniqueEmail();
        subscribe(email).then().statusCode(202);

        try (Connection otherReplica = dataSource.getConnection()) {
            otherReplica.setAutoCommit(false);
            try (PreparedStatement claim = otherReplica.prepareStatement("""
                    SELECT o.id FROM mail_outbox o JOIN subscriber s ON s.id = o.subscriber_id
                    WHERE s.email = ? FOR UPDATE OF o
                    """)) {
                claim.setString(1, email);
                claim.executeQuery().close();
            }

            sender.deliverDue();

            assertTrue(mailbox.getMailsSentTo(email).isEmpty(), "skipped, not waited for");
            otherReplica.rollback();
        }
        sender.deliverDue();

        assertEquals(1, mailbox.getMailsSentTo(email).size());
    }

    @Test
    void shouldDropAQueuedConfirmationOnceTheAddressUnsubscribed() {
        String email = uniqueEmail();
        Mail first = subscriptions.subscribeAndReadMail(email);
        subscriptions.forgetLastConfirmationMail(email);
        subscribe(email).then().statusCode(202);

        post("/subscribers/unsubscribe", subscriptions.unsubscribeToken(first)).then().statusCode(200);
        sender.deliverDue();

        assertEquals(1, mailbox.getMailsSentTo(email).size(), "only the first mail");
        assertEquals(1, db.count("""
                SELECT count(*) FROM mail_outbox o JOIN subscriber s ON s.id = o.subscriber_id
                WHERE s.email = ? AND o.state = 'cancelled' AND o.confirm_token IS NULL
                """, email));
    }

    private void makeDueNow(String email) {
        db.update("""
                UPDATE mail_outbox SET next_attempt_at = now()
                WHERE subscriber_id = (SELECT id FROM subscriber WHERE email = ?)
                """, email);
    }

    private String outboxColumn(String email, String column) {
        return db.string("SELECT o." + column + " FROM mail_outbox o JOIN subscriber s ON s.id = o.subscriber_id"
                + " WHERE s.email = ?", email);
    }
}
