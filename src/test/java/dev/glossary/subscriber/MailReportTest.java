package dev.glossary.subscriber;

import static dev.glossary.subscriber.MailReports.RFC822;
import static dev.glossary.subscriber.MailReports.fill;
import static dev.glossary.subscriber.MailReports.report;
import static dev.glossary.subscriber.MailReports.token;
import static dev.glossary.subscriber.Subscriptions.subscribe;
import static dev.glossary.subscriber.Subscriptions.uniqueEmail;
import static dev.glossary.support.ApiTokens.asToken;
import static dev.glossary.support.TestUsers.asAdmin;
import static dev.glossary.support.TestUsers.asEditor;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glossary.mail.MailTokens;
import dev.glossary.support.Database;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.mailer.Mail;
import io.quarkus.test.junit.QuarkusTest;
import dev.glossary.support.ApiTokens;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MailReportTest {

    static final String PROBLEM = "application/problem+json";
    static final String BOUNCE_DOMAIN = "bounces.glossary.test";

    @Inject
    Subscriptions subscriptions;

    @Inject
    MailTokens tokens;

    @Inject
    MeterRegistry registry;

    @Inject
    Database db;

    @Inject
    MailReportService reports;

    @Test
    void shouldSendEachMailFromItsOwnSignedVerpAddress() {
        Mail mail = subscriptions.subscribeAndReadMail(uniqueEmail());

        String token = token(mail);
        assertEquals("bounces+" + token + "@" + BOUNCE_DOMAIN, mail.getBounceAddress());
        assertEquals(token.toLowerCase(Locale.ROOT), token, "some MTAs fold the local part to lower case");
        assertTrue(("bounces+" + token).length() <= 64, "a local part is at most 64 characters");
        assertTrue(tokens.verify(token).isPresent());
    }

    @Test
    void shouldMarkTheSubscriberBouncedOnAPostfixDsnOfAPermanentFailure() {
        String email = uniqueEmail();
        Mail mail = confirmed(email);

        report(fill("postfix-dsn-failed.eml", token(mail), email)).then().statusCode(202).contentType(ContentType.JSON)
                .body("kind", equalTo("hard-bounce"))
                .body("subscriberId", equalTo((int) subscriptions.id(email)));

        assertEquals("bounced", subscriptions.status(email));
        asAdmin().queryParam("status", "bounced").queryParam("size", 100).get("/subscribers").then()
                .statusCode(200).body("items.email", hasItem(email));
    }

    @Test
    void shouldMarkTheSubscriberComplainedOnAnArfReportNamingTheReturnedMail() {
        String email = uniqueEmail();
        Mail mail = confirmed(email);

        report(fill("arf-complaint.eml", token(mail), email)).then().statusCode(202)
                .body("kind", equalTo("complaint"))
                .body("subscriberId", equalTo((int) subscriptions.id(email)));

        assertEquals("complained", subscriptions.status(email));
        asAdmin().queryParam("status", "complained").queryParam("size", 100).get("/subscribers").then()
                .statusCode(200).body("items.email", hasItem(email));
    }

    @Test
    void shouldMarkTheSubscriberBouncedOnTheThirdTemporaryFailure() {
        String email = uniqueEmail();
        String delayed = fill("postfix-dsn-delayed.eml", token(confirmed(email)), email);

        report(delayed).then().statusCode(202).body("kind", equalTo("soft-bounce"));
        report(delayed).then().statusCode(202).body("kind", equalTo("soft-bounce"));
        assertEquals("confirmed", subscriptions.status(email), "two temporary failures are not enough");

        report(delayed).then().statusCode(202).body("kind", equalTo("soft-bounce"));
        assertEquals("bounced", subscriptions.status(email));
    }

    @Test
    void shouldForgetTemporaryFailuresOlderThanThirtyDays() {
        String email = uniqueEmail();
        String delayed = fill("postfix-dsn-delayed.eml", token(confirmed(email)), email);
        report(delayed).then().statusCode(202);
        report(delayed).then().statusCode(202);
        db.update("UPDATE mail_report SET received_at = now() - interval '31 days' WHERE subscriber_id = ?",
                subscriptions.id(email));

        report(delayed).then().statusCode(202).body("kind", equalTo("soft-bounce"));

        assertEquals("confirmed", subscriptions.status(email));
    }

    @Test
    void shouldDeleteReportsPastTheRetentionButKeepThoseAnIssueCounts() {
        long subscriber = subscriptions.id(confirmedEmail());
        long oldUnrelated = keptReport("unrelated", null, null, "100 days");
        long oldSoftBounce = keptReport("soft-bounce", subscriber, 7L, "100 days");
        long oldIssueBounce = keptReport("hard-bounce", subscriber, 7L, "100 days");
        long oldIssueComplaint = keptReport("complaint", subscriber, 7L, "100 days");
        long recentUnrelated = keptReport("unrelated", null, null, "10 days");

        reports.forgetOld();

        assertEquals(0, db.count("SELECT count(*) FROM mail_report WHERE id IN (?, ?)", oldUnrelated, oldSoftBounce));
        assertEquals(3, db.count("SELECT count(*) FROM mail_report WHERE id IN (?, ?, ?)",
                oldIssueBounce, oldIssueComplaint, recentUnrelated));
    }

    @Test
    void shouldAnswerUnrelatedForAForgedToken() {
        String email = uniqueEmail();
        String token = token(confirmed(email));
        // Same subscriber, but a signature we did not make.
        String forged = token.substring(0, token.length() - 1) + (token.endsWith("0") ? "1" : "0");

        report(fill("postfix-dsn-failed.eml", forged, email)).then().statusCode(202)
                .body("kind", equalTo("unrelated"))
                .body("subscriberId", nullValue());

        assertEquals("confirmed", subscriptions.status(email));
    }

    @Test
    void shouldAnswerUnrelatedForATokenNamingAnotherSubscriberWithoutItsSignature() {
        String email = uniqueEmail();
        String token = token(confirmed(email));
        long other = subscriptions.id(email) + 1;
        String[] parts = token.split("\\.");
        String guessed = parts[0] + "." + Long.toString(other, 36) + "." + parts[2];

        report(fill("postfix-dsn-failed.eml", guessed, email)).then().statusCode(202)
                .body("kind", equalTo("unrelated")).body("subscriberId", nullValue());
    }

    @Test
    void shouldAnswerUnrelatedForAMailThatNamesNoMailOfOurs() {
        String mail = "From: someone@example.org\r\nTo: bounces@glossary.test\r\nSubject: Out of office\r\n\r\nBack on Monday.\r\n";

        report(mail).then().statusCode(202).body("kind", equalTo("unrelated")).body("subscriberId", nullValue());

        assertEquals("Subject: Out of office", db.string(
                "SELECT substring(raw_text from 'Subject: [^\\r\\n]*') FROM mail_report ORDER BY id DESC LIMIT 1"),
                "a report we cannot attribute is kept as it came");
    }

    @Test
    void shouldKeepAndCountBinaryGarbageAsUnparsed() {
        double before = count("unparsed");
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        garbage[0] = 0;

        report(garbage).then().statusCode(202).body("kind", equalTo("unparsed")).body("subscriberId", nullValue());

        assertEquals(before + 1, count("unparsed"));
        assertEquals(4096, db.count("SELECT raw_size FROM mail_report ORDER BY id DESC LIMIT 1"));
    }

    @Test
    void shouldAnswerUnparsedForAnEmptyBody() {
        report(new byte[0]).then().statusCode(202).body("kind", equalTo("unparsed"));
    }

    @Test
    void shouldSurviveDeeplyNestedMultiparts() {
        StringBuilder mail = new StringBuilder("From: x@example.org\r\n");
        for (int depth = 0; depth < 2000; depth++) {
            mail.append("Content-Type: multipart/mixed; boundary=\"b").append(depth).append("\"\r\n\r\n--b").append(depth).append("\r\n");
        }
        report(mail.toString()).then().statusCode(202).body("kind", equalTo("unrelated"));
    }

    @Test
    void shouldSurviveAHugeHeader() {
        String mail = "Subject: " + "x".repeat(900_000) + "\r\nX-Glossary-Mail: " + "a".repeat(50_000) + "\r\n\r\nbody";

        report(mail).then().statusCode(202).body("subscriberId", nullValue());
    }

    @Test
    void shouldAcceptAReportOfExactlyOneMebibyte() {
        byte[] body = new byte[1024 * 1024];
        Arrays.fill(body, (byte) 'a');

        report(body).then().statusCode(202);
    }

    @Test
    void shouldRefuseAReportOverOneMebibyte() {
        byte[] body = new byte[1024 * 1024 + 1];
        Arrays.fill(body, (byte) 'a');

        report(body).then().statusCode(413).contentType(PROBLEM).body("detail", containsString("1024 KiB"));
    }

    @Test
    void shouldRefuseAnotherContentType() {
        asAdmin().contentType(ContentType.JSON).body("{}").post("/mail/reports").then()
                .statusCode(415).contentType(PROBLEM).body("detail", containsString("message/rfc822"));
    }

    @Test
    void shouldRequireCredentials() {
        given().contentType(RFC822).body("Subject: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)).post("/mail/reports")
                .then().statusCode(401).contentType(PROBLEM);
    }

    @Test
    void shouldRefuseEditors() {
        asEditor().contentType(RFC822).body("Subject: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)).post("/mail/reports")
                .then().statusCode(403).contentType(PROBLEM);
    }

    @Test
    void shouldTakeReportsFromATokenWithTheMailReportsScope() {
        String email = uniqueEmail();
        Mail mail = subscriptions.subscribeAndReadMail(email);
        asToken(ApiTokens.create("mail:reports").secret()).contentType(RFC822)
                .body(fill("postfix-dsn-failed.eml", token(mail), email).getBytes(StandardCharsets.UTF_8)).post("/mail/reports")
                .then().statusCode(202).body("kind", equalTo("hard-bounce"));
    }

    @Test
    void shouldRefuseATokenWithoutTheMailReportsScope() {
        asToken(ApiTokens.create("terms:write").secret()).contentType(RFC822)
                .body("Subject: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)).post("/mail/reports")
                .then().statusCode(403).contentType(PROBLEM);
    }

    @Test
    void shouldSendNoConfirmationToABouncedAddressUntilItSubscribesAgain() {
        String email = uniqueEmail();
        Mail first = subscriptions.subscribeAndReadMail(email);
        report(fill("postfix-dsn-failed.eml", token(first), email)).then().statusCode(202).body("kind", equalTo("hard-bounce"));
        assertEquals("bounced", subscriptions.status(email));
        Subscriptions.post("/subscribers/confirm", subscriptions.confirmToken(first)).then().statusCode(410);

        subscriptions.forgetLastConfirmationMail(email);
        subscribe(email).then().statusCode(202);

        assertEquals("pending", subscriptions.status(email), "double opt-in again, as after unsubscribing");
        assertEquals(2, subscriptions.deliverAndRead(email).size(), "a new confirmation mail");
    }

    @Test
    void shouldKeepAComplaintWhenTheReaderUnsubscribesAfterwards() {
        String email = uniqueEmail();
        Mail mail = subscriptions.subscribeAndReadMail(email);
        report(fill("arf-complaint.eml", token(mail), email)).then().statusCode(202);

        Subscriptions.post("/subscribers/unsubscribe", subscriptions.unsubscribeToken(mail)).then().statusCode(200);

        assertEquals("complained", subscriptions.status(email));
    }

    @Test
    void shouldNameTheNewStatesWhenTheStatusFilterIsUnknown() {
        asAdmin().queryParam("status", "lost").get("/subscribers").then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].message", containsString("bounced, complained"));
    }

    private Mail confirmed(String email) {
        Mail mail = subscriptions.subscribeAndReadMail(email);
        Subscriptions.post("/subscribers/confirm", subscriptions.confirmToken(mail)).then().statusCode(200);
        return mail;
    }

    private double count(String kind) {
        return registry.counter("glossary.mail.reports", "kind", kind).count();
    }

    private String confirmedEmail() {
        String email = uniqueEmail();
        confirmed(email);
        return email;
    }

    /** A report row received {@code age} ago, as POST /mail/reports keeps it. */
    private long keptReport(String kind, Long subscriber, Long issue, String age) {
        return ((Number) db.single("""
                INSERT INTO mail_report (kind, subscriber_id, issue_id, raw_size, received_at)
                VALUES (?, CAST(? AS bigint), CAST(? AS bigint), 100, now() - CAST(? AS interval)) RETURNING id
                """, kind, subscriber, issue, age)).longValue();
    }
}
