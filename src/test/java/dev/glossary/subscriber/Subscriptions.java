package dev.glossary.subscriber;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.glossary.support.Database;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Drives the subscription flow as a reader would, and reads what it left behind. */
@ApplicationScoped
public class Subscriptions {

    private static final Pattern CONFIRM_LINK = Pattern.compile("/subscribers/confirm\\?token=([A-Za-z0-9_-]+)");
    private static final Pattern UNSUBSCRIBE_LINK =
            Pattern.compile("/subscribers/unsubscribe\\?token=([A-Za-z0-9_.-]+)");

    private final MailOutbox sender;
    private final MockMailbox mailbox;
    private final Database db;

    Subscriptions(MailOutbox sender, MockMailbox mailbox, Database db) {
        this.sender = sender;
        this.mailbox = mailbox;
        this.db = db;
    }

    /** An address no other test (or earlier run) has used. */
    public static String uniqueEmail() {
        return "reader-" + UUID.randomUUID() + "@example.org";
    }

    public static Response subscribe(String email) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email, "source", "test"))
                .post("/subscribers");
    }

    public static Response post(String path, String token) {
        return given().contentType(ContentType.JSON).body(Map.of("token", token)).post(path);
    }

    /** Runs the outbox sender as the scheduler would, then returns every mail the address got. */
    public List<Mail> deliverAndRead(String email) {
        sender.deliverDue();
        return mailbox.getMailsSentTo(email);
    }

    /** Subscribes and returns the one confirmation mail that follows. */
    public Mail subscribeAndReadMail(String email) {
        subscribe(email).then().statusCode(202);
        List<Mail> mails = deliverAndRead(email);
        assertEquals(1, mails.size(), "one confirmation mail");
        return mails.get(0);
    }

    public String confirmToken(Mail mail) {
        return find(CONFIRM_LINK, mail.getText());
    }

    public String unsubscribeToken(Mail mail) {
        return find(UNSUBSCRIBE_LINK, mail.getHeaders().get("List-Unsubscribe").get(0));
    }

    /** A confirmed subscriber; returns its unsubscribe token. */
    public String confirmedSubscriber(String email) {
        Mail mail = subscribeAndReadMail(email);
        post("/subscribers/confirm", confirmToken(mail)).then().statusCode(200);
        return unsubscribeToken(mail);
    }

    public String status(String email) {
        return db.string("SELECT status FROM subscriber WHERE email = ?", email);
    }

    public long id(String email) {
        return ((Number) db.single("SELECT id FROM subscriber WHERE email = ?", email)).longValue();
    }

    /** As if the confirmation mail interval had passed. */
    public void forgetLastConfirmationMail(String email) {
        db.update("UPDATE subscriber SET last_confirmation_mail_at = now() - interval '1 day' WHERE email = ?", email);
    }

    private static String find(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw new AssertionError("no link in: " + text);
        }
        return matcher.group(1);
    }
}
