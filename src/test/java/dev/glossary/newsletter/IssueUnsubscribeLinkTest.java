package dev.glossary.newsletter;

import static dev.glossary.subscriber.MailReports.token;
import static dev.glossary.subscriber.Subscriptions.post;
import static dev.glossary.subscriber.Subscriptions.uniqueEmail;
import static dev.glossary.support.TestUsers.asAdmin;
import static dev.glossary.support.TestUsers.asEditor;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.glossary.mail.MailTokens;
import dev.glossary.subscriber.Subscriptions;
import dev.glossary.support.Database;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An issue mail's unsubscribe link is the mail's signed name: nothing stored per mail, nothing forgeable. */
@QuarkusTest
class IssueUnsubscribeLinkTest {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    IssueSender sender;

    @Inject
    Subscriptions subscriptions;

    @Inject
    MockMailbox mailbox;

    @Inject
    MailTokens tokens;

    @Inject
    Database db;

    @Test
    void shouldLinkTheMailsSignedNameAndStoreNoTokenForIt() {
        Received received = readerWithIssueMail("Signed");

        assertEquals(token(received.mail()), received.link(), "the link carries the token of X-Glossary-Mail");
        assertEquals(new MailTokens.Named(MailTokens.Kind.ISSUE, received.issue(), subscriptions.id(received.email())),
                tokens.verify(received.link()).orElseThrow());
        assertEquals(0, db.count("SELECT count(*) FROM subscriber_token WHERE issue_id = ?", received.issue()));
    }

    @Test
    void shouldUnsubscribeOnceThroughTheSignedLinkAndCountItForItsIssue() {
        Received received = readerWithIssueMail("Leaving");
        String email = received.email();
        String link = received.link();
        long issue = received.issue();

        post("/subscribers/unsubscribe", link).then().statusCode(200).body("status", equalTo("unsubscribed"));
        post("/subscribers/unsubscribe", link).then().statusCode(200).body("status", equalTo("unsubscribed"));

        assertEquals("unsubscribed", subscriptions.status(email));
        asEditor().get("/newsletter/issues/" + issue + "/delivery").then().statusCode(200).body("unsubscribed", equalTo(1));
    }

    @Test
    void shouldRefuseASignedLinkWhoseSignatureWasChanged() {
        Received received = readerWithIssueMail("Forged");
        String email = received.email();
        String link = received.link();
        String forged = link.substring(0, link.length() - 1) + (link.endsWith("0") ? "1" : "0");

        post("/subscribers/unsubscribe", forged).then().statusCode(404).contentType(PROBLEM);

        assertEquals("confirmed", subscriptions.status(email));
    }

    @Test
    void shouldRefuseALinkNamingAnotherReaderUnderTheSameSignature() {
        Received received = readerWithIssueMail("Other reader");
        String email = received.email();
        String link = received.link();
        long issue = received.issue();
        String signature = link.substring(link.lastIndexOf('.') + 1);
        String otherReader = "i" + Long.toString(issue, 36) + "." + Long.toString(subscriptions.id(email) + 1, 36) + "." + signature;

        post("/subscribers/unsubscribe", otherReader).then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void shouldRefuseTheSignedLinkOfAnErasedSubscriber() {
        Received received = readerWithIssueMail("Erased");
        String email = received.email();
        String link = received.link();
        asAdmin().delete("/subscribers/" + subscriptions.id(email)).then().statusCode(204);

        post("/subscribers/unsubscribe", link).then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void shouldNotUnsubscribeWithTheSignedNameOfAConfirmationMail() {
        String email = uniqueEmail();
        subscriptions.confirmedSubscriber(email);
        String confirmationMail = tokens.token(MailTokens.Kind.CONFIRMATION, 1, subscriptions.id(email));

        post("/subscribers/unsubscribe", confirmationMail).then().statusCode(404).contentType(PROBLEM);

        assertEquals("confirmed", subscriptions.status(email));
    }

    private record Received(long issue, String email, Mail mail, String link) {
    }

    /** A new confirmed reader, and the mail of a new issue sent to them, with its unsubscribe link. */
    private Received readerWithIssueMail(String titlePrefix) {
        String email = uniqueEmail();
        subscriptions.confirmedSubscriber(email);
        String title = titlePrefix + " " + UUID.randomUUID();
        long issue = sendIssue(title);
        Mail mail = issueMail(email, title);
        return new Received(issue, email, mail, subscriptions.unsubscribeToken(mail));
    }

    private long sendIssue(String title) {
        return Issues.sendNow(title, sender);
    }

    private Mail issueMail(String email, String title) {
        return Issues.issueMail(mailbox, email, title);
    }
}
