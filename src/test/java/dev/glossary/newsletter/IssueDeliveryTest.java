package dev.glossary.newsletter;

import static dev.glossary.subscriber.Subscriptions.post;
import static dev.glossary.subscriber.Subscriptions.subscribe;
import static dev.glossary.subscriber.Subscriptions.uniqueEmail;
import static dev.glossary.support.TestUsers.asEditor;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glossary.mail.FlakySmtp;
import dev.glossary.security.AppUser;
import dev.glossary.subscriber.MailOutbox;
import dev.glossary.subscriber.Subscriptions;
import dev.glossary.support.Database;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IssueDeliveryTest {

    static final String PROBLEM = "application/problem+json";
    static final int NO_CAP = 0;

    @Inject
    IssueSender sender;

    @Inject
    MailOutbox outbox;

    @Inject
    Subscriptions subscriptions;

    @Inject
    MockMailbox mailbox;

    @Inject
    FlakySmtp smtp;

    @Inject
    Database db;

    @ConfigProperty(name = "glossary.public-base-url")
    String publicBaseUrl;

    @Test
    void shouldSendTheIssueOnceToEachConfirmedSubscriberWithTheirOwnUnsubscribeLink() {
        String first = uniqueEmail();
        String second = uniqueEmail();
        subscriptions.confirmedSubscriber(first);
        subscriptions.confirmedSubscriber(second);
        long issue = publish("Once each " + UUID.randomUUID());

        send(issue).then().statusCode(202).contentType(ContentType.JSON)
                .body("issueId", equalTo((int) issue))
                .body("status", equalTo("queued"))
                .body("recipients", greaterThanOrEqualTo(2))
                .body("sent", equalTo(0))
                .body("failed", equalTo(0))
                .body("startedAt", notNullValue())
                .body("finishedAt", nullValue());
        sender.deliverDue(NO_CAP);

        Mail toFirst = issueMail(first, issue);
        Mail toSecond = issueMail(second, issue);
        String firstToken = subscriptions.unsubscribeToken(toFirst);
        assertNotEquals(firstToken, subscriptions.unsubscribeToken(toSecond), "each reader's own link");
        assertTrue(toFirst.getText().contains(publicBaseUrl + "/subscribers/unsubscribe?token=" + firstToken));
        post("/subscribers/unsubscribe", firstToken).then().statusCode(200);
        assertEquals("unsubscribed", subscriptions.status(first));
        int recipients = asEditor().get(deliveryPath(issue)).then().statusCode(200)
                .body("status", equalTo("sent"))
                .body("failed", equalTo(0))
                .body("finishedAt", notNullValue())
                .extract().path("recipients");
        assertEquals(recipients, db.count("SELECT count(*) FROM newsletter_mail WHERE issue_id = ?", issue),
                "one row per recipient");
    }

    @Test
    void shouldSendNothingToPendingOrUnsubscribedAddresses() {
        String pending = uniqueEmail();
        subscriptions.subscribeAndReadMail(pending);
        String gone = uniqueEmail();
        post("/subscribers/unsubscribe", subscriptions.confirmedSubscriber(gone)).then().statusCode(200);
        long issue = publish("Not for them " + UUID.randomUUID());

        send(issue).then().statusCode(202);
        sender.deliverDue(NO_CAP);

        assertTrue(issueMails(pending, issue).isEmpty());
        assertTrue(issueMails(gone, issue).isEmpty());
        assertEquals(0, db.count("""
                SELECT count(*) FROM newsletter_mail m JOIN subscriber s ON s.id = m.subscriber_id
                WHERE m.issue_id = ? AND s.email IN (?, ?)
                """, issue, pending, gone), "not even queued");
    }

    @Test
    void shouldSkipASubscriberWhoUnsubscribesAfterTheSendStarted() {
        String email = uniqueEmail();
        String token = subscriptions.confirmedSubscriber(email);
        long issue = publish("Changed their mind " + UUID.randomUUID());
        send(issue).then().statusCode(202);

        post("/subscribers/unsubscribe", token).then().statusCode(200);
        sender.deliverDue(NO_CAP);

        assertTrue(issueMails(email, issue).isEmpty());
        assertEquals("skipped", row(issue, email, "state"));
        asEditor().get(deliveryPath(issue)).then().statusCode(200).body("status", equalTo("sent"));
    }

    @Test
    void shouldCarryOneClickHeadersAndAMessageIdPerIssueAndSubscriber() {
        String email = uniqueEmail();
        subscriptions.confirmedSubscriber(email);
        long issue = publish("Headers " + UUID.randomUUID());
        send(issue).then().statusCode(202);

        sender.deliverDue(NO_CAP);

        Mail mail = issueMail(email, issue);
        String token = subscriptions.unsubscribeToken(mail);
        assertEquals(List.of("<" + publicBaseUrl + "/subscribers/unsubscribe?token=" + token + ">"),
                mail.getHeaders().get("List-Unsubscribe"));
        assertEquals(List.of("List-Unsubscribe=One-Click"), mail.getHeaders().get("List-Unsubscribe-Post"));
        assertEquals(List.of("<issue-" + issue + "." + subscriptions.id(email) + "@localhost>"),
                mail.getHeaders().get("Message-ID"));
    }

    @Test
    void shouldShowTheIssueInTextAndEscapeItInHtml() {
        String email = uniqueEmail();
        subscriptions.confirmedSubscriber(email);
        String title = "<b>Fish & Chips</b> " + UUID.randomUUID();
        long issue = publish(Map.of("title", title, "summary", "Three <i>numbers</i>",
                "url", "https://example.org/issues/7?a=1&b=2"));
        send(issue).then().statusCode(202);

        sender.deliverDue(NO_CAP);

        Mail mail = issueMail(email, issue);
        assertEquals(title, mail.getSubject());
        assertTrue(mail.getText().contains(title) && mail.getText().contains("Three <i>numbers</i>")
                && mail.getText().contains("https://example.org/issues/7?a=1&b=2"), mail.getText());
        assertTrue(mail.getHtml().contains("&lt;b&gt;Fish &amp; Chips&lt;/b&gt;"), mail.getHtml());
        assertTrue(mail.getHtml().contains("Three &lt;i&gt;numbers&lt;/i&gt;"), mail.getHtml());
        assertTrue(mail.getHtml().contains("href=\"https://example.org/issues/7?a=1&amp;b=2\""), mail.getHtml());
        assertFalse(mail.getHtml().contains("<b>Fish"), "no markup from the issue");
    }

    @Test
    void shouldAnswer409ToASecondSend() {
        long issue = publish("Twice " + UUID.randomUUID());
        send(issue).then().statusCode(202);

        send(issue).then().statusCode(409).contentType(PROBLEM).body("type", endsWith("/conflict"));
    }

    @Test
    void shouldQueueEachSubscriberOnceWhenTwoSendsRace() throws Exception {
        subscriptions.confirmedSubscriber(uniqueEmail());
        long issue = publish("Race " + UUID.randomUUID());

        var one = CompletableFuture.supplyAsync(() -> send(issue).statusCode());
        var other = CompletableFuture.supplyAsync(() -> send(issue).statusCode());

        assertEquals(List.of(202, 409), List.of(one.get(), other.get()).stream().sorted().toList());
        assertEquals(0, db.count("""
                SELECT count(*) FROM (SELECT subscriber_id FROM newsletter_mail WHERE issue_id = ?
                GROUP BY subscriber_id HAVING count(*) > 1) twice
                """, issue));
    }

    @Test
    void shouldAnswer404ForTheDeliveryOfAnIssueNotSent() {
        long issue = publish("Not yet " + UUID.randomUUID());

        asEditor().get(deliveryPath(issue)).then().statusCode(404).contentType(PROBLEM)
                .body("type", endsWith("/not-found"));
    }

    @Test
    void shouldAnswer404ForAnUnknownIssue() {
        asEditor().post("/newsletter/issues/999999999/send").then().statusCode(404).contentType(PROBLEM);
        asEditor().get(deliveryPath(999999999)).then().statusCode(404).contentType(PROBLEM);
        asEditor().post("/newsletter/issues/not-a-number/send").then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void shouldAskForCredentialsWithoutThem() {
        long issue = publish("Anonymous " + UUID.randomUUID());

        given().post("/newsletter/issues/" + issue + "/send").then().statusCode(401).contentType(PROBLEM)
                .header("WWW-Authenticate", notNullValue());
        given().get(deliveryPath(issue)).then().statusCode(401).contentType(PROBLEM);
    }

    @Test
    void shouldRefuseAUserWhoIsNotAnEditor() {
        String username = "viewer-" + UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> AppUser.create(username, "viewer password", "viewer").persist());
        long issue = publish("Forbidden " + UUID.randomUUID());

        given().auth().preemptive().basic(username, "viewer password").post("/newsletter/issues/" + issue + "/send")
                .then().statusCode(403).contentType(PROBLEM);
        given().auth().preemptive().basic(username, "viewer password").get(deliveryPath(issue))
                .then().statusCode(403).contentType(PROBLEM);
    }

    @Test
    void shouldNeverMailASubscriberTwiceWhenSendersRunAtOnce() throws Exception {
        List<String> emails = confirmedInBulk(40);
        long issue = publish("Replicas " + UUID.randomUUID());
        send(issue).then().statusCode(202);

        var one = CompletableFuture.supplyAsync(() -> sender.deliverDue(NO_CAP));
        var other = CompletableFuture.supplyAsync(() -> sender.deliverDue(NO_CAP));
        sender.deliverDue(NO_CAP);
        one.get(30, TimeUnit.SECONDS);
        other.get(30, TimeUnit.SECONDS);

        for (String email : emails) {
            assertEquals(1, issueMails(email, issue).size(), email);
        }
    }

    @Test
    void shouldSendAgainAMailWhoseSenderDiedBeforeRecordingIt() {
        String email = uniqueEmail();
        subscriptions.confirmedSubscriber(email);
        long issue = publish("Crash " + UUID.randomUUID());
        send(issue).then().statusCode(202);
        // What a sender leaves behind when it is killed after its claim committed, past the lease.
        db.update("""
                UPDATE newsletter_mail SET state = 'sending', claimed_at = now() - interval '1 hour'
                WHERE issue_id = ? AND subscriber_id = (SELECT id FROM subscriber WHERE email = ?)
                """, issue, email);

        sender.deliverDue(NO_CAP);

        assertEquals(1, issueMails(email, issue).size(), "taken back and sent once");
        assertEquals("sent", row(issue, email, "state"));
        asEditor().get(deliveryPath(issue)).then().statusCode(200)
                .body("status", equalTo("sent"))
                .body("failed", equalTo(0));
    }

    @Test
    void shouldLeaveAMailAloneWhileItsLeaseRuns() {
        String email = uniqueEmail();
        subscriptions.confirmedSubscriber(email);
        long issue = publish("Leased " + UUID.randomUUID());
        send(issue).then().statusCode(202);
        // Another replica's claim, just made: it may be in the middle of the SMTP transaction.
        db.update("""
                UPDATE newsletter_mail SET state = 'sending', claimed_at = now()
                WHERE issue_id = ? AND subscriber_id = (SELECT id FROM subscriber WHERE email = ?)
                """, issue, email);

        sender.deliverDue(NO_CAP);

        assertTrue(issueMails(email, issue).isEmpty(), "not sent while another sender may be sending it");
        assertEquals("sending", row(issue, email, "state"));
    }

    @Test
    void shouldRetryAMailWhoseConnectionDroppedMidTransaction() {
        String email = uniqueEmail();
        subscriptions.confirmedSubscriber(email);
        long issue = publish("Dropped " + UUID.randomUUID());
        send(issue).then().statusCode(202);
        smtp.loseConnectionOnNextMailTo(email);

        sender.deliverDue(NO_CAP);
        assertEquals("queued", row(issue, email, "state"));
        makeDueNow(issue);
        sender.deliverDue(NO_CAP);

        assertEquals(1, issueMails(email, issue).size());
        assertEquals("sent", row(issue, email, "state"));
    }

    @Test
    void shouldRetryAMailTheServerRefusedAndCountItOnlyOnceSent() {
        String email = uniqueEmail();
        subscriptions.confirmedSubscriber(email);
        long issue = publish("Refused " + UUID.randomUUID());
        send(issue).then().statusCode(202);
        smtp.refuseNextMailTo(email);

        sender.deliverDue(NO_CAP);

        assertEquals("queued", row(issue, email, "state"));
        assertEquals("1", row(issue, email, "attempts"));
        asEditor().get(deliveryPath(issue)).then().statusCode(200)
                .body("status", equalTo("sending"))
                .body("failed", equalTo(0));

        makeDueNow(issue);
        sender.deliverDue(NO_CAP);

        assertEquals(1, issueMails(email, issue).size());
        asEditor().get(deliveryPath(issue)).then().statusCode(200).body("status", equalTo("sent"));
    }

    @Test
    void shouldSendAConfirmationMailWhileAnIssueIsBeingSent() throws Exception {
        String reader = uniqueEmail();
        subscriptions.confirmedSubscriber(reader);
        long issue = publish("Busy " + UUID.randomUUID());
        send(issue).then().statusCode(202);
        FlakySmtp.Hold hold = smtp.hold(reader);
        var issueRun = CompletableFuture.supplyAsync(() -> sender.deliverDue(NO_CAP));
        try {
            assertTrue(hold.awaitReached(), "the issue send is under way");
            String newcomer = uniqueEmail();

            long started = System.nanoTime();
            subscribe(newcomer).then().statusCode(202);
            outbox.deliverDue();

            assertEquals(1, mailbox.getMailsSentTo(newcomer).size(), "the confirmation went out");
            assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) < 3);
            assertFalse(issueRun.isDone(), "while the issue was still being sent");
        } finally {
            hold.release();
        }
        issueRun.get(30, TimeUnit.SECONDS);
        assertEquals(1, issueMails(reader, issue).size());
    }

    @Test
    void shouldSendNoMoreThanTheRateCapAllows() {
        confirmedInBulk(80);
        long issue = publish("Capped " + UUID.randomUUID());
        send(issue).then().statusCode(202);
        db.update("UPDATE send_rate_bucket SET tokens = 0, refilled_at = now() - interval '1 hour'");

        long started = System.nanoTime();
        int sent = 0;
        while (System.nanoTime() - started < TimeUnit.SECONDS.toNanos(1)) {
            sent += sender.deliverDue(20); // paced: waits for the bucket to refill
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        assertTrue(sent >= 20, "a full bucket's worth at least: " + sent);
        assertTrue(sent <= 20 + 20 * seconds + 1, "beyond the burst of 20, " + sent + " mails in " + seconds + " s");
        sender.deliverDue(NO_CAP);
    }

    @Test
    void shouldShareTheRateCapBetweenReplicas() throws Exception {
        db.update("UPDATE send_rate_bucket SET tokens = 0, refilled_at = now()");
        long started = System.nanoTime();
        Callable<Integer> replica = () -> {
            int taken = 0;
            while (System.nanoTime() - started < TimeUnit.SECONDS.toNanos(1)) {
                taken += sender.take(5, 30);
            }
            return taken;
        };

        var one = CompletableFuture.supplyAsync(() -> call(replica));
        var other = CompletableFuture.supplyAsync(() -> call(replica));
        int taken = one.get(10, TimeUnit.SECONDS) + other.get(10, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - started) / 1e9;

        assertTrue(taken <= 30 * seconds + 1, taken + " taken in " + seconds + " s by two connections");
        assertTrue(taken >= 15, "the bucket refills: " + taken);
    }

    @Test
    void shouldCountSentMailsInTheMetrics() {
        subscriptions.confirmedSubscriber(uniqueEmail());
        long issue = publish("Metrics " + UUID.randomUUID());
        send(issue).then().statusCode(202);

        sender.deliverDue(NO_CAP);

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("glossary_newsletter_mails_total{outcome=\"sent\"}"), metrics);
        assertTrue(metrics.contains("glossary_newsletter_mails_remaining"), metrics);
    }

    private static int call(Callable<Integer> task) {
        try {
            return task.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long publish(String title) {
        return publish(Map.of("title", title));
    }

    private static long publish(Map<String, String> body) {
        return asEditor().contentType(ContentType.JSON).body(body).post("/newsletter/issues")
                .then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static io.restassured.response.Response send(long issue) {
        return asEditor().post("/newsletter/issues/" + issue + "/send");
    }

    private static String deliveryPath(long issue) {
        return "/newsletter/issues/" + issue + "/delivery";
    }

    private List<Mail> issueMails(String email, long issue) {
        String title = db.string("SELECT title FROM newsletter_issue WHERE id = ?", issue);
        return mailbox.getMailsSentTo(email).stream().filter(mail -> title.equals(mail.getSubject())).toList();
    }

    private Mail issueMail(String email, long issue) {
        List<Mail> mails = issueMails(email, issue);
        assertEquals(1, mails.size(), "one mail of the issue to " + email);
        return mails.get(0);
    }

    private String row(long issue, String email, String column) {
        return db.string("SELECT m." + column + " FROM newsletter_mail m JOIN subscriber s ON s.id = m.subscriber_id"
                + " WHERE m.issue_id = ? AND s.email = ?", issue, email);
    }

    private void makeDueNow(long issue) {
        db.update("UPDATE newsletter_mail SET next_attempt_at = now() WHERE issue_id = ?", issue);
    }

    /** Confirmed subscribers straight in the table: what the subscription flow leaves, without its mails. */
    private List<String> confirmedInBulk(int count) {
        List<String> emails = java.util.stream.IntStream.range(0, count).mapToObj(i -> uniqueEmail()).toList();
        for (String email : emails) {
            db.update("INSERT INTO subscriber (email, status, confirmed_at) VALUES (?, 'confirmed', now())", email);
        }
        return emails;
    }
}
