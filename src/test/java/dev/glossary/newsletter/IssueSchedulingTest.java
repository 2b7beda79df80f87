package dev.glossary.newsletter;

import static dev.glossary.newsletter.Issues.PROBLEM;
import static dev.glossary.newsletter.Issues.create;
import static dev.glossary.newsletter.Issues.dataPoint;
import static dev.glossary.newsletter.Issues.draft;
import static dev.glossary.newsletter.Issues.edit;
import static dev.glossary.newsletter.Issues.schedule;
import static dev.glossary.newsletter.Issues.threeDataPoints;
import static dev.glossary.subscriber.Subscriptions.uniqueEmail;
import static dev.glossary.support.TestUsers.asEditor;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glossary.subscriber.Subscriptions;
import dev.glossary.support.Database;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IssueSchedulingTest {

    static final String FAR_FUTURE = "2999-01-01T09:00:00Z";

    @Inject
    ScheduledIssues scheduledIssues;

    @Inject
    IssueSender sender;

    @Inject
    Subscriptions subscriptions;

    @Inject
    MockMailbox mailbox;

    @Inject
    Database db;

    @Test
    void shouldScheduleADraftWithThreeDataPointsAtAnInstant() {
        long id = draft(threeDataPoints());

        schedule(id, Map.of("sendAt", FAR_FUTURE)).then().statusCode(200)
                .body("status", equalTo("scheduled"))
                .body("sendAt", equalTo(FAR_FUTURE))
                .body("publishedAt", nullValue());
        given().get("/newsletter/issues/" + id).then().statusCode(404);
    }

    @Test
    void shouldScheduleAtTheNextWeeklySlotWhenGivenNoInstant() {
        long id = draft(threeDataPoints());

        String sendAt = schedule(id, Map.of()).then().statusCode(200).extract().path("sendAt");

        assertEquals(given().get("/newsletter").then().extract().path("schedule.nextSlot"), sendAt);
    }

    @Test
    void shouldRescheduleAScheduledIssue() {
        long id = draft(threeDataPoints());
        schedule(id, Map.of("sendAt", FAR_FUTURE)).then().statusCode(200);

        schedule(id, Map.of("sendAt", "2999-02-01T09:00:00Z")).then().statusCode(200)
                .body("sendAt", equalTo("2999-02-01T09:00:00Z"));
    }

    @Test
    void shouldRefuseToScheduleWithFewerThanThreeDataPoints() {
        long id = draft(List.of(dataPoint("1"), dataPoint("2")));

        schedule(id, Map.of("sendAt", FAR_FUTURE)).then().statusCode(422).contentType(PROBLEM)
                .body("detail", containsString("3 data points"));
    }

    @Test
    void shouldRefuseASendAtInThePast() {
        long id = draft(threeDataPoints());

        schedule(id, Map.of("sendAt", "2020-01-01T00:00:00Z")).then().statusCode(422).contentType(PROBLEM);
    }

    @Test
    void shouldRefuseAMalformedSendAt() {
        long id = draft(threeDataPoints());

        schedule(id, Map.of("sendAt", "next friday")).then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void shouldRefuseToScheduleAPublishedIssue() {
        long id = create(Map.of("title", "Out " + UUID.randomUUID())).then().extract().jsonPath().getLong("id");

        schedule(id, Map.of("sendAt", FAR_FUTURE)).then().statusCode(409).contentType(PROBLEM);
    }

    @Test
    void shouldRefuseToLeaveAScheduledIssueWithoutThreeDataPoints() {
        long id = draft(threeDataPoints());
        schedule(id, Map.of("sendAt", FAR_FUTURE)).then().statusCode(200);

        edit(id, Map.of("title", "Two only", "dataPoints", List.of(dataPoint("1"), dataPoint("2")))).then()
                .statusCode(422).contentType(PROBLEM);
    }

    @Test
    void shouldTakeAScheduledIssueBackToDraft() {
        long id = draft(threeDataPoints());
        schedule(id, Map.of("sendAt", FAR_FUTURE)).then().statusCode(200);

        asEditor().delete("/newsletter/issues/" + id + "/schedule").then().statusCode(200)
                .body("status", equalTo("draft"))
                .body("sendAt", nullValue());
    }

    @Test
    void shouldRefuseToUnscheduleOnceSent() {
        long id = draft(threeDataPoints());
        asEditor().post("/newsletter/issues/" + id + "/send").then().statusCode(202);

        asEditor().delete("/newsletter/issues/" + id + "/schedule").then().statusCode(409).contentType(PROBLEM);
    }

    @Test
    void shouldPublishAndSendADueIssueOnceAtItsSendAt() {
        String email = uniqueEmail();
        subscriptions.confirmedSubscriber(email);
        long id = draft(threeDataPoints());
        schedule(id, Map.of("sendAt", FAR_FUTURE)).then().statusCode(200);
        Instant due = Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
        db.update("UPDATE newsletter_issue SET send_at = ? WHERE id = ?", java.sql.Timestamp.from(due), id);

        assertTrue(scheduledIssues.publishDue() >= 1);
        scheduledIssues.publishDue();
        sender.deliverDue(0);

        given().get("/newsletter/issues/" + id).then().statusCode(200)
                .body("status", equalTo("sent"))
                .body("publishedAt", equalTo(due.toString()));
        assertEquals(1, db.count("SELECT count(*) FROM newsletter_delivery WHERE issue_id = ?", id));
        assertEquals(1, mails(email, id).size(), "mailed once");
    }

    @Test
    void shouldLeaveAnIssueScheduledUntilItsTime() {
        long id = draft(threeDataPoints());
        schedule(id, Map.of("sendAt", FAR_FUTURE)).then().statusCode(200);

        scheduledIssues.publishDue();

        asEditor().get("/newsletter/issues/" + id).then().statusCode(200).body("status", equalTo("scheduled"));
    }

    @Test
    void shouldSendADraftNowAndMarkItSent() {
        long id = draft(threeDataPoints());

        asEditor().post("/newsletter/issues/" + id + "/send").then().statusCode(202).body("issueId", equalTo((int) id));

        given().get("/newsletter/issues/" + id).then().statusCode(200)
                .body("status", equalTo("sent"))
                .body("publishedAt", notNullValue());
        asEditor().post("/newsletter/issues/" + id + "/send").then().statusCode(409).contentType(PROBLEM);
    }

    @Test
    void shouldRefuseToSendADraftWithoutThreeDataPoints() {
        long id = draft(List.of(dataPoint("1")));

        asEditor().post("/newsletter/issues/" + id + "/send").then().statusCode(422).contentType(PROBLEM);
    }

    @Test
    void shouldMarkAPublishedIssueSentWhenSent() {
        long id = create(Map.of("title", "v2 send " + UUID.randomUUID())).then().extract().jsonPath().getLong("id");

        asEditor().post("/newsletter/issues/" + id + "/send").then().statusCode(202);

        given().get("/newsletter/issues/" + id).then().statusCode(200).body("status", equalTo("sent"));
    }

    @Test
    void shouldListTheDataPointsEscapedInBothPartsOfTheMail() {
        String email = uniqueEmail();
        subscriptions.confirmedSubscriber(email);
        List<Map<String, Object>> points = threeDataPoints();
        points.get(0).put("value", "<b>$42B</b>");
        String source = (String) points.get(1).get("sourceUrl");
        long id = draft(points);

        asEditor().post("/newsletter/issues/" + id + "/send").then().statusCode(202);
        sender.deliverDue(0);

        Mail mail = mails(email, id).get(0);
        assertTrue(mail.getText().contains("1. <b>$42B</b>: Label of $42B"), mail.getText());
        assertTrue(mail.getText().contains("Source: " + source), mail.getText());
        assertTrue(mail.getText().contains("3. 1.2M: Label of 1.2M"), mail.getText());
        assertTrue(mail.getHtml().contains("&lt;b&gt;$42B&lt;/b&gt;"), mail.getHtml());
        assertTrue(mail.getHtml().contains("href=\"" + source + "\""), mail.getHtml());
        assertTrue(mail.getHtml().contains("Context of 38 %"), mail.getHtml());
    }

    private List<Mail> mails(String email, long issue) {
        String title = db.string("SELECT title FROM newsletter_issue WHERE id = ?", issue);
        return mailbox.getMailsSentTo(email).stream().filter(mail -> title.equals(mail.getSubject())).toList();
    }
}
