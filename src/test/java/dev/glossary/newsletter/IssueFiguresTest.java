package dev.glossary.newsletter;

import static dev.glossary.subscriber.MailReports.fill;
import static dev.glossary.subscriber.MailReports.report;
import static dev.glossary.subscriber.MailReports.token;
import static dev.glossary.subscriber.Subscriptions.post;
import static dev.glossary.subscriber.Subscriptions.uniqueEmail;
import static dev.glossary.support.TestUsers.asEditor;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glossary.mail.MailTokens;
import dev.glossary.subscriber.Subscriptions;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Bounces, complaints and unsubscribes as figures of the issue whose mail caused them. */
@QuarkusTest
class IssueFiguresTest {

    @Inject
    IssueSender sender;

    @Inject
    Subscriptions subscriptions;

    @Inject
    MockMailbox mailbox;

    @Inject
    MailTokens tokens;

    @Test
    void shouldCountBouncesComplaintsAndUnsubscribesThroughTheIssuesOwnMails() {
        String bouncing = uniqueEmail();
        String complaining = uniqueEmail();
        String leaving = uniqueEmail();
        String staying = uniqueEmail();
        for (String email : new String[] {bouncing, complaining, leaving, staying}) {
            subscriptions.confirmedSubscriber(email);
        }
        String title = "Figures " + UUID.randomUUID();
        long issue = sendIssue(title);

        Mail toBouncing = issueMail(bouncing, title);
        assertTrue(tokens.verify(token(toBouncing)).filter(mail -> mail.kind() == MailTokens.Kind.ISSUE
                && mail.reference() == issue).isPresent(), "the token names the issue");
        report(fill("postfix-dsn-failed.eml", token(toBouncing), bouncing)).then().statusCode(202)
                .body("kind", equalTo("hard-bounce"));
        // The same bounce reported twice is one bounced recipient.
        report(fill("postfix-dsn-failed.eml", token(toBouncing), bouncing)).then().statusCode(202);
        report(fill("arf-complaint.eml", token(issueMail(complaining, title)), complaining)).then().statusCode(202)
                .body("kind", equalTo("complaint"));
        post("/subscribers/unsubscribe", subscriptions.unsubscribeToken(issueMail(leaving, title))).then().statusCode(200);

        asEditor().get("/newsletter/issues/" + issue + "/delivery").then().statusCode(200)
                .body("bounced", equalTo(1))
                .body("complained", equalTo(1))
                .body("unsubscribed", equalTo(1));
    }

    @Test
    void shouldNotCountAnUnsubscribeThroughAnotherLink() {
        String email = uniqueEmail();
        String confirmationLink = subscriptions.confirmedSubscriber(email);
        String title = "Elsewhere " + UUID.randomUUID();
        long issue = sendIssue(title);

        post("/subscribers/unsubscribe", confirmationLink).then().statusCode(200);

        asEditor().get("/newsletter/issues/" + issue + "/delivery").then().statusCode(200)
                .body("unsubscribed", equalTo(0));
    }

    @Test
    void shouldNotMailBouncedOrComplainedSubscribersAgain() {
        String bouncing = uniqueEmail();
        String complaining = uniqueEmail();
        subscriptions.confirmedSubscriber(bouncing);
        subscriptions.confirmedSubscriber(complaining);
        String first = "Before " + UUID.randomUUID();
        sendIssue(first);
        report(fill("postfix-dsn-failed.eml", token(issueMail(bouncing, first)), bouncing)).then().statusCode(202);
        report(fill("arf-complaint.eml", token(issueMail(complaining, first)), complaining)).then().statusCode(202);

        String second = "After " + UUID.randomUUID();
        sendIssue(second);

        assertEquals(0, mailbox.getMailsSentTo(bouncing).stream().filter(mail -> mail.getSubject().equals(second)).count());
        assertEquals(0, mailbox.getMailsSentTo(complaining).stream().filter(mail -> mail.getSubject().equals(second)).count());
    }

    private long sendIssue(String title) {
        return Issues.sendNow(title, sender);
    }

    private Mail issueMail(String email, String title) {
        return Issues.issueMail(mailbox, email, title);
    }
}
