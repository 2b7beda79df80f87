package dev.glossary.newsletter;

import static dev.glossary.support.TestUsers.asEditor;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Issues and data points as editors write them, for the newsletter tests. */
final class Issues {

    static final String PROBLEM = "application/problem+json";

    private Issues() {
    }

    static Map<String, Object> dataPoint(String value, String... termSlugs) {
        Map<String, Object> point = new HashMap<>();
        point.put("value", value);
        point.put("label", "Label of " + value);
        point.put("context", "Context of " + value);
        point.put("sourceUrl", "https://example.org/sources/" + UUID.randomUUID());
        point.put("termSlugs", List.of(termSlugs));
        return point;
    }

    static List<Map<String, Object>> threeDataPoints() {
        return new ArrayList<>(List.of(dataPoint("$42B"), dataPoint("38 %"), dataPoint("1.2M")));
    }

    static Map<String, Object> draftBody(String title, List<Map<String, Object>> dataPoints) {
        Map<String, Object> body = new HashMap<>();
        body.put("title", title);
        body.put("status", "draft");
        body.put("dataPoints", dataPoints);
        return body;
    }

    static Response create(Map<String, Object> body) {
        return asEditor().contentType(ContentType.JSON).body(body).post("/newsletter/issues");
    }

    /** A draft with the given data points; answers its id. */
    static long draft(List<Map<String, Object>> dataPoints) {
        return create(draftBody("Draft " + UUID.randomUUID(), dataPoints)).then().statusCode(201)
                .extract().jsonPath().getLong("id");
    }

    static Response schedule(long id, Map<String, ?> body) {
        return asEditor().contentType(ContentType.JSON).body(body).post("/newsletter/issues/" + id + "/schedule");
    }

    static Response edit(long id, Map<String, ?> body) {
        return asEditor().contentType(ContentType.JSON).body(body).put("/newsletter/issues/" + id);
    }

    /** Publishes an issue with this title and sends it to every confirmed reader at once; answers its id. */
    static long sendNow(String title, IssueSender sender) {
        long issue = create(Map.of("title", title)).then().statusCode(201).extract().jsonPath().getLong("id");
        asEditor().post("/newsletter/issues/" + issue + "/send").then().statusCode(202);
        sender.deliverDue(IssueDeliveryTest.NO_CAP);
        return issue;
    }

    /** The mail of the issue with this title to this reader. */
    static Mail issueMail(MockMailbox mailbox, String email, String title) {
        return mailbox.getMailsSentTo(email).stream().filter(mail -> mail.getSubject().equals(title)).findFirst()
                .orElseThrow(() -> new AssertionError("no issue mail to " + email));
    }
}
