package dev.glossary.subscriber;

import static dev.glossary.subscriber.Subscriptions.post;
import static dev.glossary.subscriber.Subscriptions.subscribe;
import static dev.glossary.subscriber.Subscriptions.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glossary.support.Database;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class SubscribeTest {

    static final String ACCEPTED = "{\"status\":\"accepted\"}";
    static final String PROBLEM = "application/problem+json";

    @Inject
    Subscriptions subscriptions;

    @Inject
    MockMailbox mailbox;

    @Inject
    Database db;

    @Test
    void shouldAcceptANewAddressAsPending() {
        String email = uniqueEmail();

        subscribe(email).then()
                .statusCode(202)
                .contentType(ContentType.JSON)
                .body(equalTo(ACCEPTED));

        assertEquals("pending", subscriptions.status(email));
        assertEquals("test", db.string("SELECT source FROM subscriber WHERE email = ?", email));
    }

    @Test
    void shouldAnswerTheSameBytesWhateverTheAddressState() {
        String fresh = uniqueEmail();
        byte[] forNew = accepted(fresh);
        byte[] forPending = accepted(fresh);
        String confirmed = uniqueEmail();
        subscriptions.confirmedSubscriber(confirmed);
        byte[] forConfirmed = accepted(confirmed);
        String unsubscribed = uniqueEmail();
        post("/subscribers/unsubscribe", subscriptions.confirmedSubscriber(unsubscribed)).then().statusCode(200);
        byte[] forUnsubscribed = accepted(unsubscribed);

        assertArrayEquals(ACCEPTED.getBytes(StandardCharsets.UTF_8), forNew);
        assertArrayEquals(forNew, forPending);
        assertArrayEquals(forNew, forConfirmed);
        assertArrayEquals(forNew, forUnsubscribed);
    }

    @Test
    void shouldStoreTheAddressTrimmedAndInLowerCase() {
        String email = uniqueEmail();

        subscribe("  " + email.toUpperCase() + " ").then().statusCode(202);

        assertEquals("pending", subscriptions.status(email));
        assertEquals(1, db.count("SELECT count(*) FROM subscriber WHERE lower(email) = ?", email));
    }

    @Test
    void shouldKeepOneSubscriberWhenOneAddressSubscribesConcurrently() throws Exception {
        String email = uniqueEmail();
        int requests = 16;
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        try {
            for (int i = 0; i < requests; i++) {
                String variant = i % 2 == 0 ? email : email.toUpperCase();
                statuses.add(pool.submit(() -> {
                    start.await();
                    return subscribe(variant).statusCode();
                }));
            }
            start.countDown();
            for (Future<Integer> status : statuses) {
                assertEquals(202, status.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(1, db.count("SELECT count(*) FROM subscriber WHERE email = ?", email));
        assertEquals(1, db.count("""
                SELECT count(*) FROM mail_outbox o JOIN subscriber s ON s.id = o.subscriber_id WHERE s.email = ?
                """, email), "one confirmation mail queued");
    }

    @Test
    void shouldSendNoMailWithinTheRequest() {
        String email = uniqueEmail();

        subscribe(email).then().statusCode(202);

        assertTrue(mailbox.getMailsSentTo(email).isEmpty(), "the mail waits in the outbox");
        assertEquals(1, db.count("""
                SELECT count(*) FROM mail_outbox o JOIN subscriber s ON s.id = o.subscriber_id
                WHERE s.email = ? AND o.state = 'queued'
                """, email));
        List<Mail> mails = subscriptions.deliverAndRead(email);
        assertEquals(1, mails.size());
    }

    @Test
    void shouldAcceptAnAddressOfExactly254Characters() {
        String local = "a".repeat(64);
        String domain = "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(57) + ".org";
        String email = local + "@" + domain;
        assertEquals(254, email.length());

        subscribe(email).then().statusCode(202);
    }

    @Test
    void shouldAcceptAbsentSource() {
        String email = uniqueEmail();

        given().contentType(ContentType.JSON).body(Map.of("email", email)).post("/subscribers").then()
                .statusCode(202).body(equalTo(ACCEPTED));
    }

    @ParameterizedTest
    @ValueSource(strings = {"plainaddress", "@example.org", "reader@", "reader@localhost", "two@@example.org",
            "reader@example..org", "reader@-example.org", "rea der@example.org", "reader@exam ple.org",
            ".reader@example.org", "reader.@example.org", "<reader@example.org>", "reader@example.org\tx"})
    void shouldRefuseAMalformedAddress(String email) {
        subscribe(email).then()
                .statusCode(400)
                .contentType(PROBLEM)
                .body("errors.field", hasItem("email"));
    }

    @Test
    void shouldRefuseAnAddressOver254Characters() {
        String email = "a".repeat(60) + "@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(62) + ".org";
        assertEquals(255, email.length());

        subscribe(email).then()
                .statusCode(400).contentType(PROBLEM)
                .body("errors.message", hasItem("must be at most 254 characters"));
    }

    @Test
    void shouldRefuseMoreThan64CharactersBeforeTheAt() {
        subscribe("a".repeat(65) + "@example.org").then()
                .statusCode(400).contentType(PROBLEM)
                .body("errors.message", hasItem("must have at most 64 characters before the @"));
    }

    @Test
    void shouldRefuseADomainWithoutADot() {
        subscribe("reader@example").then()
                .statusCode(400).contentType(PROBLEM)
                .body("errors.message", hasItem("must have a domain with a dot, like example.org"));
    }

    @Test
    void shouldRefuseLineBreaksThatCouldInjectHeaders() {
        subscribe(uniqueEmail() + "\r\nBcc: victim@example.org").then()
                .statusCode(400).contentType(PROBLEM)
                .body("errors.message", hasItem("must not contain line breaks"));
        subscribe(uniqueEmail() + "\n").then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void shouldRefuseABlankAddress() {
        subscribe("   ").then().statusCode(400).contentType(PROBLEM).body("errors.field", hasItem("email"));
    }

    @Test
    void shouldRefuseASourceOver100Characters() {
        given().contentType(ContentType.JSON).body(Map.of("email", uniqueEmail(), "source", "s".repeat(101)))
                .post("/subscribers").then()
                .statusCode(400).contentType(PROBLEM).body("errors.field", hasItem("source"));
    }

    @Test
    void shouldRefuseMalformedJson() {
        given().contentType(ContentType.JSON).body("{\"email\": \"reader@example.org\"").post("/subscribers").then()
                .statusCode(400).contentType(PROBLEM)
                .body("detail", equalTo("The request body is not valid JSON"));
    }

    @Test
    void shouldRefuseAnAddressOfTheWrongType() {
        given().contentType(ContentType.JSON).body("{\"email\": [\"reader@example.org\"]}").post("/subscribers").then()
                .statusCode(400).contentType(PROBLEM).body("detail", containsString("email"));
    }

    @Test
    void shouldRefuseAnUnknownField() {
        given().contentType(ContentType.JSON).body(Map.of("email", uniqueEmail(), "name", "Reader"))
                .post("/subscribers").then()
                .statusCode(400).contentType(PROBLEM).body("detail", equalTo("Unknown field 'name'"));
    }

    @Test
    void shouldRefuseAMissingBody() {
        given().contentType(ContentType.JSON).post("/subscribers").then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void shouldRefuseABodyThatIsNotJson() {
        given().contentType(ContentType.TEXT).body("reader@example.org").post("/subscribers").then()
                .statusCode(415).contentType(PROBLEM);
    }

    @Test
    void shouldNotEchoTheAddressInErrors() {
        String marker = "leak-" + UUID.randomUUID();
        subscribe(marker + "@example").then().statusCode(400).body(not(containsString(marker)));
    }

    private static byte[] accepted(String email) {
        Response response = subscribe(email);
        response.then().statusCode(202).contentType(ContentType.JSON);
        return response.asByteArray();
    }
}
